"""Callback, action and block ids: the names Slack sends back to us."""

from __future__ import annotations

# Answers
SHARE_ANSWER = "answer_share"
ANSWER_ACTIONS = "answer_actions"
ANSWER_LOG_DECISION = "answer_log_decision"
ASK_MODAL = "ask_modal"
ASK_QUESTION_BLOCK = "question"
ASK_QUESTION_INPUT = "question_input"
HOME_ASK_BLOCK = "home_ask"
HOME_ASK_INPUT = "home_ask_input"

# The empty chair
CHAIR_ACTIONS = "chair_actions"
CHAIR_ASK = "chair_ask"
CHAIR_ANOTHER_VOICE = "chair_another_voice"
CHAIR_LOG_DECISION = "chair_log_decision"
VOICE_ACTIONS = "voice_actions"
VOICE_YES = "voice_yes"
VOICE_PARTLY = "voice_partly"
VOICE_NO = "voice_no"
VOICE_BY_ACTION = {VOICE_YES: "yes", VOICE_PARTLY: "partly", VOICE_NO: "no"}
REMINDER_DELETE = "reminder_delete"

# Feedback capture
FEEDBACK_MODAL = "feedback_modal"
SAVE_FEEDBACK_SHORTCUT = "save_customer_feedback"

# Decisions
DECISION_MODAL = "decision_modal"
LOG_DECISION_SHORTCUT = "log_decision"
PRINCIPLES_SELECT = "evidence_principles"
FEEDBACK_SELECT = "evidence_feedback"
HOME_EXPORT = "home_export"
HOME_REPORT = "home_report"
HOME_ACTIONS = "home_actions"

# Reviews
REVIEW_ACTIONS = "review_actions"
REVIEW_WORKED = "review_worked"
REVIEW_DID_NOT = "review_did_not"
REVIEW_TOO_EARLY = "review_too_early"
REVIEW_RESULT_BY_ACTION = {
    REVIEW_WORKED: "worked",
    REVIEW_DID_NOT: "did-not",
    REVIEW_TOO_EARLY: "too-early",
}
OUTCOME_MODAL = "outcome_modal"
OUTCOME_NOTE_BLOCK = "outcome_note"
OUTCOME_NEXT_BLOCK = "outcome_next"
HOME_LLM_TOGGLE = "home_llm_toggle"
HOME_LLM_BLOCK = "home_llm"
