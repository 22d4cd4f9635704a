"""Empty Chair: the platform-independent core (store, principles, feedback, advisor, decisions).

Usable from a Python shell with no chat platform installed::

    from bot import Store, Workspace
    ws = Workspace(Store("emptychair.db"), "default")
    print(ws.answer_for_customer("Should we start charging for returns?").text)
"""

from bot.config import Settings
from bot.errors import EmptyChairError
from bot.feedback import FeedbackInput
from bot.models import Answer, DecisionDraft, Place
from bot.store import Store
from bot.workspace import Workspace

__all__ = [
    "Answer",
    "DecisionDraft",
    "EmptyChairError",
    "FeedbackInput",
    "Place",
    "Settings",
    "Store",
    "Workspace",
]
__version__ = "0.1.0"
