"""A deterministic generator of realistic customer-feedback snippets and meeting questions.

Builds a search benchmark corpus: support tickets, survey comments, app reviews, sales-call
notes and NPS comments in English, Chinese (simplified), Japanese, Thai and Polish, each
language from its own native templates and vocabulary, plus questions people ask in a
meeting ("Should we drop free returns for orders under $20?").

    python bench/corpus.py --rows 10000 --out bench/out/feedback-10k.csv \
        --questions bench/out/questions.jsonl --seed 7

Design:

* Every row picks a language, a customer (Zipf-distributed over several thousand
  generated companies and people), a source, a sentiment, a topic and a target length
  (log-normal, 5 to 200 words) in bulk with numpy, then strings sentences together from
  templates of that topic, tone and source until the target is reached.
* Template slots (products, error codes, app versions, cities, couriers, durations,
  prices...) are filled from pools with Zipf weights, so function words are very common,
  product words fairly common and product names, model numbers, error codes and order
  numbers form a long tail. A slot keeps its value for the whole row, so a ticket talks
  about one product.
* Polish nouns are stored with their case forms (``zwrot|zwrotu|...``) and numerals agree
  with nouns (``2 tygodnie``, ``5 tygodni``); first-person past tense follows the writer's
  gender (``zamówiłem|zamówiłam``), as does the Thai polite particle (``ครับ|ค่ะ``).
* Chinese, Japanese and Thai templates are written with a space between words in this
  file; the spaces mark word units (the length unit) and are removed from the output, so
  the text has no spaces between words, as real text does. ``~`` marks a real space.
* Same seed, same bytes: all randomness comes from numpy generators seeded from the seed,
  drawn in fixed-size chunks, so a shorter file is a prefix of a longer one.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
import sys
import time
from bisect import bisect_right
from collections.abc import Iterator, Mapping, Sequence
from datetime import date, timedelta
from functools import cache
from itertools import accumulate, product
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np

#: Column order of the CSV file.
HEADER = ("external_id", "source", "customer", "segment", "sentiment", "created_at", "text")
LANGUAGES = ("en", "zh", "ja", "th", "pl")
#: Share of rows (and of questions) per language, in the order of LANGUAGES.
LANGUAGE_SHARE = (0.46, 0.135, 0.135, 0.135, 0.135)
SOURCES = ("zendesk", "survey", "app-review", "sales-call", "nps")
SEGMENTS = ("enterprise", "mid-market", "smb", "consumer")
SENTIMENTS = ("positive", "negative", "neutral", "mixed")
TOPICS = ("returns", "delivery", "checkout", "billing", "account", "app", "support", "features")
#: Dates run over the three years before this day. Fixed, so output does not depend on
#: the day the generator runs.
END_DATE = date(2026, 11, 1)
SPAN_DAYS = 3 * 365
MIN_WORDS = 5
MAX_WORDS = 200
#: Rows whose per-row choices are drawn together; fixed so that outputs are prefixes.
CHUNK = 8192
#: Share of questions made of very common words.
COMMON_SHARE = 0.3

# Word-unit marker inside Chinese, Japanese and Thai strings, removed from the output.
_M = "\x1f"
_CJK = frozenset({"zh", "ja", "th"})

# Per-row conditional tables (rows of probabilities).
_SOURCE_BY_SEGMENT = {  # zendesk, survey, app-review, sales-call, nps
    "enterprise": (0.35, 0.12, 0.0, 0.40, 0.13),
    "mid-market": (0.38, 0.15, 0.02, 0.30, 0.15),
    "smb": (0.40, 0.18, 0.10, 0.15, 0.17),
    "consumer": (0.38, 0.15, 0.32, 0.0, 0.15),
}
_SENTIMENT_BY_SOURCE = {  # positive, negative, neutral, mixed
    "zendesk": (0.10, 0.50, 0.32, 0.08),
    "survey": (0.32, 0.28, 0.20, 0.20),
    "app-review": (0.45, 0.35, 0.05, 0.15),
    "sales-call": (0.25, 0.20, 0.40, 0.15),
    "nps": (0.45, 0.25, 0.12, 0.18),
}
_TOPIC_BY_SOURCE = {  # returns, delivery, checkout, billing, account, app, support, features
    "zendesk": (0.18, 0.18, 0.10, 0.12, 0.12, 0.10, 0.12, 0.08),
    "survey": (0.14, 0.16, 0.10, 0.10, 0.06, 0.14, 0.14, 0.16),
    "app-review": (0.12, 0.14, 0.12, 0.04, 0.12, 0.34, 0.06, 0.06),
    "sales-call": (0.04, 0.04, 0.04, 0.30, 0.08, 0.06, 0.12, 0.32),
    "nps": (0.14, 0.16, 0.10, 0.10, 0.06, 0.14, 0.16, 0.14),
}
#: Median target length (words) and log-normal sigma per source.
_LENGTH_BY_SOURCE = {
    "zendesk": (24.0, 0.75),
    "survey": (16.0, 0.90),
    "app-review": (10.0, 0.75),
    "sales-call": (36.0, 0.70),
    "nps": (9.0, 0.80),
}
#: Chance that a row starts with an opener / ends with a closer, per source.
_OPEN_CLOSE = {
    "zendesk": (0.6, 0.45),
    "survey": (0.0, 0.0),
    "app-review": (0.35, 0.25),
    "sales-call": (0.75, 0.0),
    "nps": (0.25, 0.0),
}
#: How many customers each language has.
_CUSTOMERS = {"en": 2400, "zh": 900, "ja": 900, "th": 900, "pl": 900}
#: Share of rows per segment (in SEGMENTS order) and the Zipf exponent of customer
#: activity within a segment: a few big accounts write a lot, people write a little.
_SEGMENT_SHARE = (0.15, 0.20, 0.27, 0.38)
_SEGMENT_ZIPF = (0.9, 0.8, 0.7, 0.4)
#: Every this many words a long row moves on to its next topic (of four).
_TOPIC_SWITCH_WORDS = 45
#: Redraws of a template already used in the row, before accepting a repeat.
_REDRAWS = 6

# --------------------------------------------------------------------------------------
# Vocabulary shared by all languages: brand-like names, devices, plans, competitors.
# --------------------------------------------------------------------------------------

_BRANDS = (
    "Vela Orbit Kestrel Nimbus Lumo Fjord Tandem Quill Halden Brisa Corvo Mistral Solenne"
    " Tavi Zephyr Koda Ember Lark Pico Rivo Sable Tundra Umbra Vexa Wren Yara Alto Bramble"
    " Cobalt Dune Elara Ferro Glint Hale Isla Jovi Kiro Loma Miro Nova Oska Pella"
).split()
_MODEL_SUFFIXES = ("Pro", "Max", "Lite", "Plus", "Mini", "S", "2", "Air")
_DEVICES = (
    "iPhone 13|iPhone 14|iPhone 15|iPhone 12|Pixel 7|Galaxy S23|iPhone 15 Pro|Galaxy A54"
    "|Redmi Note 12|iPad Air|Pixel 8|Galaxy S21|iPhone SE|Xiaomi 13|OPPO Reno 10|iPhone 11"
    "|Pixel 6a|Galaxy S24|Huawei P60|iPad Pro|Galaxy Tab S8|OnePlus 11|Moto G54|Galaxy A14"
    "|Redmi 12|Vivo V27|Realme 11|iPhone 16|Pixel 9|Galaxy S23 FE|Nothing Phone 2"
    "|Xperia 10 V|iPad mini|Galaxy A34|Poco X5|Honor 90"
).split("|")
_PLANS = ("Pro", "Business", "Starter", "Team", "Premium", "Enterprise", "Basic", "Growth")
_RIVALS = (
    "Ordero Kliqo Parcelo Helpwise Billfy Tradeo Nuvia Fennec Orbitly Margo Quanta Loopa"
    " Retaily Dokumo Pagerly Taskly Bricks Avanto Kanbo Ivori Hubbly Onyxa Penny Flowdesk"
).split()
_COMMON_CODES = ("500", "E-1001", "403", "E-2043", "ERR_PAYMENT_DECLINED", "502", "E-4031")
_CODE_WORDS = (
    "PAYMENT TIMEOUT AUTH SYNC UPLOAD NETWORK CARD SESSION TOKEN LIMIT EXPORT IMPORT"
    " LOGIN CART INVOICE WEBHOOK ADDRESS STOCK"
).split()
_CODE_STATES = "DECLINED FAILED INVALID EXPIRED REJECTED EXCEEDED MISSING LOCKED".split()
_PROMO_WORDS = (
    "WELCOME SPRING SUMMER AUTUMN WINTER VIP SAVE FREESHIP BLACKFRIDAY NEWYEAR FLASH"
    " THANKYOU HELLO BACK2SCHOOL CYBER LOYAL FRIENDS MEGA"
).split()

# --------------------------------------------------------------------------------------
# English
# --------------------------------------------------------------------------------------

_EN: dict[str, Any] = {
    "topics": {
        "returns": {
            "pos": """
The return was easy, I printed the label and dropped the parcel off the same day.
Got my refund for the {product} in {dur}, no questions asked.
Free returns are the main reason I keep ordering from you.
Exchanging the {product} for another model took two minutes online.
The refund showed up on my card before the courier even picked up the box.
Really appreciate that returns are free, it makes trying things risk free.
""",
            "neg": """
The refund for my order took {dur} and nobody answered my emails.
I sent the {product} back {dur} ago and I still have not seen my money.
Why do I have to pay {money} to send back something that arrived broken?
The return form in the app does not work, it just shows error {code}.
Your return policy says 30 days but the form closed after 14.
I was refunded {money} less than I paid for order #{order}.
Charging for returns on small orders will make me shop somewhere else.
Nobody told me that store credit was the only option for a refund.
The courier never picked up my return and now the return window has closed.
I had to call three times to get a refund for the {product}.
""",
            "neu": """
How long does a refund usually take after you receive the return?
Can I exchange the {product} instead of returning it?
I would like to return order #{order}, it is the wrong size.
Do I need the original packaging to send back the {product}?
Please send me a return label for order #{order}.
Is there a fee for returns on orders under {money}?
""",
        },
        "delivery": {
            "pos": """
Delivery was faster than promised, the {product} arrived in two days.
The driver from {courier} was friendly and called before arriving.
Tracking was accurate the whole way to {city}.
Ordered on {weekday} evening and had the parcel the next morning.
Love the option to pick up from a parcel locker near my office.
Free shipping over {money} is a fair deal.
""",
            "neg": """
My package has been stuck in {city} for {dur} and tracking has not updated.
The parcel arrived with the box crushed and the {product} scratched.
Delivery was promised for {weekday} and it came {dur} late.
{courier} marked order #{order} as delivered but nothing was at my door.
Shipping costs {money} now, that is more than half the price of the item.
The driver left the package in the rain outside the building.
Nobody can tell me where my order is, {courier} blames you and you blame them.
Express shipping was not express at all, I paid {money} extra for nothing.
Deliveries to {city} are always late.
""",
            "neu": """
Can you deliver to a parcel locker in {city}?
Is it possible to change the delivery address for order #{order}?
Which courier do you use for deliveries to {city}?
Do you offer same day delivery on weekends?
Please leave the parcel with the neighbour if I am not home.
How much is shipping for orders over {money}?
""",
        },
        "checkout": {
            "pos": """
Checkout was quick, Apple Pay worked on the first try.
Paying with a saved card takes one tap, great job.
The discount code applied automatically at checkout, nice touch.
Guest checkout is a lifesaver, I hate creating accounts.
""",
            "neg": """
My card was charged twice at checkout for order #{order}.
Checkout keeps failing with error {code} after I enter my card details.
The promo code {promo} says it is invalid even though your email says it runs until Sunday.
I could not find where to enter the discount code before paying.
The cart emptied itself when I switched from the app to the website.
Why is there no PayPal option, I do not want to type my card number.
The page froze on the payment step and I have no idea if the order went through.
""",
            "neu": """
Do you accept PayPal or only credit cards?
Can I split the payment into installments?
Is VAT included in the price shown at checkout?
Where do I enter a gift card at checkout?
""",
        },
        "billing": {
            "pos": """
The {plan} plan is good value for a team of our size.
Invoices arrive on time and the PDF has everything our accountant needs.
Switching from monthly to annual billing saved us a lot.
Pricing is clear and there were no surprises on the first invoice.
""",
            "neg": """
We were charged {price} for the {plan} plan after we had cancelled the subscription.
The price went up by {pct}% and nobody told us in advance.
The invoice is for {seats} seats but far fewer people actually use it.
I cannot download invoices from the billing page, it shows error {code}.
Cancelling the subscription is hidden behind five screens, that feels shady.
The {plan} plan is too expensive for a small team like ours.
The invoice is missing our VAT number again.
The subscription renewed automatically without any reminder email.
""",
            "neu": """
Can we get one invoice for all our workspaces?
Is there a discount for nonprofits on the {plan} plan?
Please add our purchase order number to the next invoice.
We want to move the {plan} plan to annual billing, who do we talk to?
How does pricing work if we add {seats} more seats mid year?
""",
        },
        "account": {
            "pos": """
Logging in with Google is quick and painless.
Password reset worked instantly, thanks.
Setting up two-factor authentication was simple.
SSO with Okta was set up in one afternoon.
""",
            "neg": """
I cannot log in since {weekday}, the app keeps saying my password is wrong.
The password reset email never arrives, I checked spam too.
My account got locked after one wrong attempt and it took {dur} to unlock it.
The login page loops back to itself on my {device}.
Two-factor codes arrive so late that they have already expired.
We need SSO for our {users} users and it is only on the Enterprise plan.
I was logged out in the middle of an order and lost my cart.
""",
            "neu": """
How do I change the email address on my account?
Can we enforce two-factor authentication for the whole team?
Is it possible to merge two accounts?
Do you support SAML single sign-on?
""",
        },
        "app": {
            "pos": """
The app is fast and the new design looks great.
Since version {version} the app has not crashed once.
Dark mode is finally here, my eyes thank you.
Push notifications tell me exactly when my parcel is close.
Best shopping app I have used, everything is where I expect it.
""",
            "neg": """
The app crashes every time I open the orders tab on my {device}.
After updating to {version} the app is painfully slow.
Please add dark mode, the white screen is blinding at night.
I get five push notifications a day about sales I do not care about.
Search in the app never finds what I type, even exact product names.
The app logs me out every single day.
The latest update broke notifications completely.
Error {code} pops up whenever I try to upload a photo.
""",
            "neu": """
Is there a tablet version of the app?
Can I turn off marketing notifications but keep delivery updates?
The app is on version {version}, should I reinstall it?
Will dark mode come to the Android app as well?
""",
        },
        "support": {
            "pos": """
{agent} from support solved my problem in ten minutes.
Support replied within an hour, even on a Sunday.
The chat agent was patient and explained everything clearly.
Best customer service I have had in years.
""",
            "neg": """
I have been waiting {dur} for a reply from support.
The chatbot keeps sending me in circles and I cannot reach a human.
Every time I call I have to explain the whole story again.
Support closed my ticket without fixing anything.
The phone line is open only until 4 pm, which is useless for working people.
I was promised a call back on {weekday} and nobody called.
""",
            "neu": """
What are your support hours on weekends?
Can I get a phone call instead of an email?
Please escalate ticket #{order} to a manager.
Is there a dedicated account manager on the {plan} plan?
""",
        },
        "features": {
            "pos": """
The dashboard gives our managers exactly the numbers they need.
Onboarding was smooth, {agent} walked our team through everything.
The Slack integration saves us hours every week.
Exporting to CSV works perfectly with our BI tool.
The new reports are a big improvement.
""",
            "neg": """
Export to Excel breaks when there are more than a few thousand rows.
The Salesforce integration stopped syncing after the last update.
The dashboard takes a full minute to load for our {users} users.
Onboarding took {dur} and we still do not know how half the features work.
We need an API for invoices, downloading them by hand every month is painful.
Reports cannot be filtered by region, so they are useless for our {city} office.
""",
            "neu": """
Is there an API endpoint for exporting orders?
Do you plan a HubSpot integration this year?
Can we schedule the dashboard to be emailed every Monday?
We would like a training session for {users} new users.
""",
        },
    },
    "any": {
        "pos": """
Overall very happy, keep it up.
Really easy to use, I recommend it to friends.
Everything works the way it should.
You have earned a loyal customer.
Great experience from start to finish.
Five stars, would buy again.
Thanks for improving {feature}, it makes a real difference.
Our whole team loves {feature}.
""",
        "neg": """
Very disappointed, I expected much better.
This is the third time this has happened.
If this is not fixed soon we will switch to {rival}.
Honestly, {rival} does this better and costs less.
I am seriously considering cancelling.
Not acceptable for a company of your size.
We keep running into problems with {feature}.
Please fix {feature}, it has been unreliable for {dur}.
""",
        "neu": """
We are a team of {users} in {city}, mostly on {device}.
Just sharing this in case it helps the product team.
We have been on the {plan} plan since last year.
No strong opinion either way.
We can jump on a call if you need more details.
Could someone explain how to use {feature} properly?
We mostly use {feature} on {device}.
Any news about changes to {feature}?
""",
    },
    "bridge": {
        "pos_neg": """
But there is one thing that really bugs me.
That said, not everything is great.
There is a big problem though.
""",
        "neg_pos": """
To be fair, there are good parts too.
On the bright side, some things work really well.
It is not all bad though.
""",
    },
    "sales": {
        "pos": """
They like the reporting and want to roll it out to {users} more users.
Our champion is very positive about the onboarding so far.
Legal approved the contract terms without changes.
They said support has been much better this quarter.
""",
        "neg": """
They think the price is too high compared to {rival}.
Blocker: no Salesforce integration yet.
They had a bad experience with support last month and are still upset.
Risk of churn at renewal unless the export issues are fixed.
""",
        "neu": """
Customer asked whether the {plan} plan includes SSO.
They are comparing us with {rival} on price.
Decision expected by the end of the quarter.
Next step: send a proposal for {seats} seats.
They currently run everything on spreadsheets.
Main contact is the head of operations in {city}.
""",
    },
    "open": {
        "zendesk": {"any": "Hi,\nHello,\nHi team,\nHi support,\nGood morning,\nHello there,"},
        "sales-call": {
            "any": "Call notes:\nDiscovery call with {customer}:\nQBR with {customer}:\n"
            "Notes from the renewal call with {customer}:\nFollow-up call with {customer}:"
        },
        "app-review": {
            "pos": "Five stars.\nLove it!\nGreat app.",
            "neg": "One star.\nTerrible update.\nDisappointed.",
            "mixed": "Three stars.\nGood but not great.",
        },
        "nps": {
            "pos": "Would recommend.\nHappy customer here.",
            "neg": "Would not recommend right now.",
            "neu": "Hard to say.",
            "mixed": "Somewhere in the middle.",
        },
    },
    "close": {
        "zendesk": {
            "any": "Thanks, {name}\nRegards, {name}\nThank you.\nThanks in advance, {name}",
            "neg": "Please get back to me as soon as possible.\nThanks, {name}",
        },
        "app-review": {
            "pos": "Keep it up!",
            "neg": "Fix this please.\nUninstalling until this is fixed.",
        },
    },
    "features": {
        "returns": "the return form|the refund policy|the return label|the exchange process"
        "|store credit",
        "delivery": "delivery tracking|the parcel locker option|express shipping"
        "|delivery slots|the shipping fees",
        "checkout": "the checkout|the payment page|the discount code field|the shopping cart"
        "|gift cards",
        "billing": "the billing page|the pricing page|the invoice PDF|the subscription settings"
        "|annual billing",
        "account": "the login page|password reset|two-factor login|the account settings|SSO",
        "app": "the mobile app|dark mode|search|push notifications|the home screen|the wishlist",
        "support": "live chat|the help center|phone support|the ticket portal|the chatbot",
        "features": "the dashboard|CSV export|the Slack integration|reporting"
        "|the onboarding checklist|the API|the Salesforce integration|audit logs",
    },
    "slots": {
        "dur": "two weeks|three days|a week|ten days|five days|three weeks|a month|four days"
        "|two months|six weeks|twelve days|two days",
        "money": "$20|$10|$15|$25|$5|$30|$50|$9.99|$4.99|$35|$12.50|$7.99",
        "price": "$49|$99|$29|$199|$149|$79|$499|$19|$299|$990",
        "city": "London|New York|Chicago|Manchester|Toronto|Sydney|Austin|Seattle|Boston"
        "|Denver|Dublin|Leeds|Melbourne|Atlanta|Bristol|Glasgow|Vancouver|Phoenix|Dallas"
        "|Houston|Miami|Nashville|Portland|San Diego|Birmingham|Edinburgh|Cardiff|Liverpool"
        "|Calgary|Ottawa|Brisbane|Perth|Auckland|Cork|Sheffield|Nottingham|Detroit"
        "|Pittsburgh|Charlotte|Raleigh|Salt Lake City|Kansas City|Columbus|Tampa|Orlando"
        "|Sacramento|Newcastle|Minneapolis",
        "courier": "UPS|FedEx|DHL|USPS|Royal Mail|Evri|DPD|Canada Post|Australia Post"
        "|Amazon Logistics|OnTrac",
        "weekday": "Monday|Friday|Tuesday|Thursday|Wednesday|Saturday|Sunday",
        "ndays": "30|60|45|90|14",
        "pct": "10|20|15|25|30|5|12|8|40|50",
    },
    "product_types": "kettle|headphones|blender|backpack|desk lamp|router|vacuum cleaner"
    "|coffee machine|rain jacket|running shoes|smartwatch|speaker|office chair"
    "|phone charger|monitor|keyboard|frying pan|mattress|air fryer|stroller",
    "names": {
        "m": "James John Robert Michael David William Daniel Matthew Chris Andrew Ryan Kevin"
        " Brian Tom Sam Liam Noah Ethan Owen Jack Mark Paul Steve Josh Ben",
        "f": "Mary Jennifer Linda Sarah Jessica Emily Emma Olivia Sophie Hannah Laura Rachel"
        " Megan Amy Chloe Grace Lucy Kate Anna Zoe Claire Nicole Amanda Beth Ruth",
        "last": "Smith Johnson Williams Brown Jones Miller Davis Wilson Taylor Anderson Thomas"
        " Moore Martin Jackson Thompson White Harris Clark Lewis Walker Hall Young King Wright"
        " Scott Green Baker Adams Nelson Hill Campbell Mitchell Roberts Carter Phillips Evans"
        " Turner Parker Collins Edwards Stewart Murphy Cook Rogers Morgan Cooper Reed Bailey"
        " Kelly Howard O'Brien Patel Nguyen Kim Singh Garcia Lopez Hughes Wood Ward",
    },
    "companies": {
        "a": "Northwind|Blue Harbor|Cedar|Summit|Redwood|Brightline|Ironbridge|Lakeside"
        "|Granite|Silverline|Maple|Pinecrest|Oakridge|Riverside|Sterling|Evergreen|Crescent"
        "|Beacon|Atlas|Meridian|Horizon|Keystone|Liberty|Pioneer|Apex|Vantage|Crown|Falcon"
        "|Copper|Willow|Bluebird|Hillside|Prairie|Coastal|Northstar|Westfield|Eastgate"
        "|Highland|Juniper|Harbor & Pine",
        "b": "Logistics|Dental|Outfitters|Coffee Co.|Analytics|Health|Realty|Foods|Labs"
        "|Software|Retail|Home Goods|Pet Supply|Fitness|Bakery|Legal|Insurance|Travel|Design"
        "|Manufacturing|Florists|Auto Parts|Learning|Media|Capital",
        "c": "| Inc.| LLC| Ltd| Group| Co.",
    },
    "q_money": "$20|$25|$30|$15|$50|$35|$40",
    "q_specific": """
Should we drop free returns for orders under {money}?
Should we start charging {money} for return shipping?
Do customers want dark mode in the dashboard?
Is it worth offering same day delivery in {city}?
Should we switch from {courier} to another carrier?
Are customers unhappy with the new pricing of the {plan} plan?
Should we raise the {plan} plan to {price} a month?
Do people complain that refunds take too long?
Should we add PayPal at checkout?
Is missing SSO a blocker for enterprise deals?
Should we make two-factor authentication mandatory?
What do customers say about the onboarding calls?
Should we offer 24/7 live chat support?
Do customers want an export to Excel?
Should we build the Salesforce integration before HubSpot?
How often do customers run into error {code}?
Are app crashes on {device} hurting our ratings?
Should we send fewer push notifications?
Do customers in {city} complain about late deliveries?
Should we send invoices automatically every month?
Would customers pay {price} a month for priority support?
Is our checkout too long on mobile?
Should we extend the return window to {ndays} days?
Do enterprise customers ask for audit logs?
Should we remove the free trial?
Is the new dashboard easier to use than the old one?
Should we raise the free shipping threshold to {money}?
Do customers notice when delivery takes more than {dur}?
Should we let customers pause their subscription?
Should we give store credit instead of cash refunds?
Should we raise prices by {pct}% next year?
Is {courier} losing more parcels than other carriers?
Do customers want parcel lockers as a delivery option?
Should the {plan} plan include phone support?
Do teams with more than {users} users need a dedicated account manager?
Should we replace the chatbot with real people?
Are password reset emails a common complaint?
Should we make the cancel button easier to find?
Do customers trust us with their card details?
Should returns be free for {plan} customers only?
""",
    "q_common": """
Is this {good|better|bad|right} for {the customer|our customers|them|people}?
What do {they|customers|people|our users} say about {it|this|that}?
Is it better for {them|the customer|people} if we do {this|it} {now|later|first}?
Do {they|people|customers} {like|want|need} {this|it|that}?
Would {they|people|customers} be {happy|upset|okay} with {this|that|it}?
What would the customer want us to do {here|now|next}?
How do {they|people|customers} feel about {it|this|the change}?
Should we do {this|it|that} {now|later|at all|first}?
Will {this|it} make things {better|worse|easier|harder} for {them|people|the customer}?
Is there anything {they|people|customers} do not like about {it|this}?
Does {this|it} help {them|people|the customer} or not?
What is the best thing we can do for {them|the customer|people} {now|here}?
""",
}

# --------------------------------------------------------------------------------------
# Polish. Slots with case forms: product/feature n|g|a|i|l (mianownik, dopełniacz,
# biernik, narzędnik, miejscownik), city n|do|w|z, weekday n|od|w, dur a|od|po,
# courier n|g. {m|f} picks the writer's gender.
# --------------------------------------------------------------------------------------

_PL: dict[str, Any] = {
    "topics": {
        "returns": {
            "pos": """
Zwrot poszedł bardzo sprawnie, {wydrukowałem|wydrukowałam} etykietę i tego samego \
dnia {nadałem|nadałam} paczkę.
Pieniądze za {product.a} wróciły na konto {dur.po}.
Darmowe zwroty to główny powód, dla którego u was kupuję.
Wymiana {product.g} na inny model zajęła dosłownie dwie minuty.
Zwrot przez paczkomat to świetne rozwiązanie, bez kolejek na poczcie.
Szybki zwrot pieniędzy, bez zbędnych pytań, dziękuję.
""",
            "neg": """
Na zwrot pieniędzy za zamówienie nr {order} czekam już {dur.a} i nikt nie odpowiada \
na moje maile.
{Odesłałem|Odesłałam} {product.a} {dur.a} temu i nadal nie mam zwrotu pieniędzy.
Dlaczego mam płacić {money} za odesłanie czegoś, co przyszło uszkodzone?
Formularz zwrotu w aplikacji nie działa, wyskakuje tylko błąd {code}.
W regulaminie jest 30 dni na zwrot, a formularz zamknął się po 14.
{Dostałem|Dostałam} zwrot o {money} niższy, niż {zapłaciłem|zapłaciłam} za zamówienie \
nr {order}.
Jeśli wprowadzicie płatne zwroty przy małych zamówieniach, przestanę u was kupować.
Nikt mnie nie poinformował, że zwrot będzie tylko w formie bonu.
Kurier nie odebrał mojej paczki zwrotnej i termin na zwrot minął.
W tym roku {zrobiłem|zrobiłam} już {nreturns} i za każdym razem jest ten sam problem \
z etykietą.
Trzy razy {dzwoniłem|dzwoniłam}, zanim {dostałem|dostałam} zwrot za {product.a}.
""",
            "neu": """
Ile zwykle trwa zwrot pieniędzy po otrzymaniu paczki?
Czy zamiast zwrotu mogę wymienić {product.a} na inny model?
{Chciałbym|Chciałabym} zwrócić zamówienie nr {order}, rozmiar się nie zgadza.
Czy do zwrotu potrzebne jest oryginalne opakowanie?
Proszę o przesłanie etykiety zwrotnej do zamówienia nr {order}.
Czy zwroty zamówień poniżej {money} są płatne?
Jak wygląda procedura zwrotu, jeśli {zgubiłem|zgubiłam} paragon?
""",
        },
        "delivery": {
            "pos": """
Dostawa przyszła szybciej, niż obiecywaliście, już po dwóch dniach.
Kurier {courier.g} był bardzo miły i zadzwonił przed przyjazdem.
Śledzenie przesyłki działało bez zarzutu przez całą drogę {city.do}.
{Zamówiłem|Zamówiłam} {weekday.w} wieczorem, a paczka była u mnie następnego dnia rano.
Dostawa do paczkomatu to dla mnie najwygodniejsza opcja.
Darmowa dostawa od {money} to naprawdę uczciwa oferta.
""",
            "neg": """
Moja paczka utknęła {city.w} i {dur.od} status się nie zmienia.
Paczka przyszła ze zgniecionym kartonem, a w środku wszystko było porysowane.
Dostawa miała być {weekday.w}, a spóźniła się o {dur.a}.
W systemie {courier.g} zamówienie nr {order} ma status doręczone, ale pod drzwiami \
nic nie było.
Wysyłka kosztuje teraz {money}, to ponad połowa ceny produktu.
Kurier zostawił paczkę na deszczu przed klatką.
Nikt nie umie mi powiedzieć, gdzie jest moje zamówienie, {courier.n} odsyła mnie \
do was, a wy do nich.
Za dostawę ekspresową {zapłaciłem|zapłaciłam} {money} więcej, a paczka szła {dur.a}.
Dostawy {city.do} zawsze się opóźniają.
""",
            "neu": """
Czy możecie dostarczyć do paczkomatu {city.w}?
Czy da się zmienić adres dostawy dla zamówienia nr {order}?
Jakim kurierem wysyłacie paczki {city.do}?
Czy macie dostawę tego samego dnia w weekendy?
Jeśli nie będzie mnie w domu, proszę zostawić paczkę u sąsiada.
Ile kosztuje dostawa zamówień powyżej {money}?
""",
        },
        "checkout": {
            "pos": """
Płatność BLIK-iem przeszła w kilka sekund, super.
Zapisana karta to jedno kliknięcie przy płatności, świetna robota.
Kod rabatowy sam się naliczył w koszyku, miły szczegół.
Zakupy bez zakładania konta to ogromna wygoda.
""",
            "neg": """
Przy zamówieniu nr {order} pobraliście pieniądze z karty dwa razy.
Płatność ciągle się wywala z błędem {code} po wpisaniu danych karty.
Kod {promo} według was jest nieważny, chociaż w mailu było napisane, że działa \
do niedzieli.
{Nie mogłem|Nie mogłam} znaleźć pola na kod rabatowy przed płatnością.
Koszyk sam się wyczyścił, kiedy {przeszedłem|przeszłam} z aplikacji na stronę.
Dlaczego nie ma płatności za pobraniem, nie chcę wpisywać numeru karty.
Strona zawiesiła się przy płatności i nie wiem, czy zamówienie w ogóle przeszło.
""",
            "neu": """
Czy można zapłacić przelewem tradycyjnym?
Czy jest możliwość płatności w ratach?
Czy cena w koszyku zawiera VAT?
Gdzie w koszyku wpisać kod z karty podarunkowej?
""",
        },
        "billing": {
            "pos": """
Plan {plan} to dobra cena przy zespole naszej wielkości.
Faktury przychodzą na czas i mają wszystko, czego potrzebuje nasza księgowa.
Przejście z płatności miesięcznej na roczną sporo nam zaoszczędziło.
Cennik jest przejrzysty, pierwsza faktura nie miała żadnych niespodzianek.
""",
            "neg": """
Pobraliście {price} za plan {plan}, chociaż subskrypcja była już anulowana.
Cena wzrosła o {pct}% i nikt nas wcześniej nie uprzedził.
Faktura jest na {seats}, a aktywnych kont mamy dużo mniej.
Nie da się pobrać faktur z panelu, pojawia się błąd {code}.
Anulowanie subskrypcji jest schowane za pięcioma ekranami, to nie jest w porządku.
Plan {plan} jest za drogi dla małej firmy takiej jak nasza.
Na fakturze znowu brakuje naszego numeru NIP.
Subskrypcja odnowiła się automatycznie bez żadnego przypomnienia.
""",
            "neu": """
Czy możemy dostawać jedną fakturę zbiorczą za wszystkie konta?
Czy jest zniżka dla fundacji w planie {plan}?
Prosimy o dopisanie numeru zamówienia na kolejnej fakturze.
Chcemy przejść na płatność roczną w planie {plan}, z kim możemy porozmawiać?
Jak zmieni się cena, jeśli w połowie roku dokupimy {seats}?
""",
        },
        "account": {
            "pos": """
Logowanie przez Google działa szybko i bez problemów.
Reset hasła zadziałał od razu, dzięki.
Włączenie weryfikacji dwuetapowej było bardzo proste.
Logowanie SSO przez Azure AD skonfigurowaliśmy w jedno popołudnie.
""",
            "neg": """
Nie mogę się zalogować {weekday.od}, aplikacja ciągle twierdzi, że hasło jest błędne.
Mail do resetu hasła w ogóle nie przychodzi, spam też {sprawdziłem|sprawdziłam}.
Konto zablokowało się po jednej błędnej próbie, a odblokowanie zajęło wam {dur.a}.
Na moim urządzeniu ({device}) strona logowania wraca w kółko do samej siebie.
Kody do weryfikacji dwuetapowej przychodzą tak późno, że są już nieważne.
Potrzebujemy SSO dla {users} użytkowników, a jest tylko w planie Enterprise.
Wylogowało mnie w trakcie składania zamówienia i {straciłem|straciłam} cały koszyk.
""",
            "neu": """
Jak zmienić adres e-mail przypisany do konta?
Czy możemy wymusić weryfikację dwuetapową dla całego zespołu?
Czy da się połączyć dwa konta w jedno?
Czy obsługujecie logowanie SAML?
""",
        },
        "app": {
            "pos": """
Aplikacja działa szybko, a nowy wygląd jest świetny.
Od wersji {version} aplikacja ani razu się nie zawiesiła.
Wreszcie jest tryb ciemny, moje oczy dziękują.
Powiadomienia dokładnie informują, kiedy paczka jest blisko.
Najlepsza aplikacja zakupowa, jakiej {używałem|używałam}, wszystko jest tam, \
gdzie powinno.
""",
            "neg": """
Aplikacja wyłącza się za każdym razem, gdy otwieram zakładkę zamówień na urządzeniu \
{device}.
Po aktualizacji do wersji {version} aplikacja strasznie zwolniła.
Dodajcie tryb ciemny, biały ekran w nocy razi w oczy.
Dostaję pięć powiadomień dziennie o promocjach, które mnie nie interesują.
Wyszukiwarka w aplikacji nie znajduje nawet dokładnych nazw produktów.
Aplikacja wylogowuje mnie codziennie.
Ostatnia aktualizacja całkowicie zepsuła powiadomienia.
Błąd {code} wyskakuje za każdym razem, gdy próbuję dodać zdjęcie.
""",
            "neu": """
Czy jest wersja aplikacji na tablet?
Czy da się wyłączyć powiadomienia marketingowe, a zostawić te o dostawie?
Mam wersję {version}, czy {powinienem|powinnam} ją przeinstalować?
Czy tryb ciemny będzie też na Androidzie?
""",
        },
        "support": {
            "pos": """
Konsultantka rozwiązała mój problem w dziesięć minut.
Obsługa odpisała w ciągu godziny, nawet w niedzielę.
Pan na czacie był cierpliwy i wszystko jasno wytłumaczył.
Najlepsza obsługa klienta, z jaką {miałem|miałam} do czynienia od lat.
""",
            "neg": """
Na odpowiedź od obsługi czekam już {dur.a}.
Chatbot odsyła mnie w kółko i nie da się porozmawiać z człowiekiem.
Za każdym razem, gdy dzwonię, muszę od nowa opowiadać całą historię.
Obsługa zamknęła moje zgłoszenie, niczego nie naprawiając.
Infolinia działa tylko do 16, co dla pracujących ludzi jest bez sensu.
Obiecano mi telefon {weekday.w} i nikt nie zadzwonił.
""",
            "neu": """
W jakich godzinach działa obsługa w weekendy?
Czy zamiast maila może do mnie ktoś zadzwonić?
Proszę o przekazanie zgłoszenia nr {order} do kierownika.
Czy w planie {plan} mamy dedykowanego opiekuna klienta?
""",
        },
        "features": {
            "pos": """
Dashboard pokazuje naszym kierownikom dokładnie te liczby, których potrzebują.
Wdrożenie poszło gładko, cały zespół przeszedł szkolenie w jeden dzień.
Integracja ze Slackiem oszczędza nam kilka godzin tygodniowo.
Eksport do CSV działa bez problemu z naszym narzędziem BI.
Nowe raporty to duża poprawa.
""",
            "neg": """
Eksport do Excela się sypie, gdy jest więcej niż kilka tysięcy wierszy.
Integracja z Salesforce przestała synchronizować dane po ostatniej aktualizacji.
Dashboard ładuje się całą minutę przy {users} użytkownikach.
Wdrożenie trwało {dur.a}, a dalej nie wiemy, jak działa połowa funkcji.
Potrzebujemy API do faktur, ręczne pobieranie co miesiąc to koszmar.
Raportów nie da się filtrować po regionach, więc dla naszego oddziału {city.w} \
są bezużyteczne.
""",
            "neu": """
Czy jest endpoint API do eksportu zamówień?
Czy planujecie w tym roku integrację z HubSpotem?
Czy dashboard może przychodzić mailem w każdy poniedziałek?
Chcielibyśmy zorganizować szkolenie dla {users} nowych użytkowników.
""",
        },
    },
    "any": {
        "pos": """
Ogólnie jestem bardzo {zadowolony|zadowolona}, tak trzymać.
Bardzo łatwe w obsłudze, polecam znajomym.
Wszystko działa tak, jak powinno.
Zyskaliście stałego klienta.
Świetne doświadczenie od początku do końca.
Pięć gwiazdek, na pewno kupię jeszcze raz.
Dzięki za zmiany, jeśli chodzi o {feature.a}, teraz jest dużo lepiej.
Cały zespół bardzo docenia {feature.a}.
""",
        "neg": """
Jestem bardzo {rozczarowany|rozczarowana}, {spodziewałem|spodziewałam} się dużo więcej.
To już trzeci raz, kiedy to się dzieje.
Jeśli szybko tego nie naprawicie, przechodzimy do {rival}.
Szczerze mówiąc, {rival} robi to lepiej i taniej.
Poważnie zastanawiam się nad rezygnacją.
Dla firmy waszej wielkości to jest nie do przyjęcia.
Ciągle mamy kłopoty, jeśli chodzi o {feature.a}.
Naprawcie wreszcie {feature.a}, bo {dur.od} nie da się normalnie pracować.
""",
        "neu": """
Jesteśmy zespołem {users} osób {city.z}, większość pracuje na urządzeniach {device}.
Piszę to, bo może przyda się zespołowi produktowemu.
Korzystamy z planu {plan} od zeszłego roku.
Nie mam wyrobionego zdania.
Chętnie porozmawiam, jeśli potrzebujecie więcej szczegółów.
Czy ktoś może wyjaśnić zasady dotyczące {feature.g}?
Na co dzień najczęściej używamy {feature.g}.
Czy coś się zmieni, jeśli chodzi o {feature.a}?
""",
    },
    "bridge": {
        "pos_neg": """
Ale jest jedna rzecz, która mnie naprawdę irytuje.
Niestety nie wszystko jest takie różowe.
Jest jednak jedno duże ale.
""",
        "neg_pos": """
Żeby była jasność, są też dobre strony.
Z drugiej strony niektóre rzeczy działają świetnie.
Uczciwie muszę przyznać, że nie wszystko jest złe.
""",
    },
    "sales": {
        "pos": """
Podoba im się raportowanie i chcą dodać kolejnych {users} użytkowników.
Osoba decyzyjna jest bardzo zadowolona z dotychczasowego wdrożenia.
Dział prawny zaakceptował umowę bez zmian.
Mówią, że obsługa w tym kwartale jest dużo lepsza.
""",
        "neg": """
Uważają, że cena jest za wysoka w porównaniu z {rival}.
Bloker: brak integracji z Salesforce.
W zeszłym miesiącu mieli złe doświadczenie z obsługą i nadal są niezadowoleni.
Ryzyko rezygnacji przy odnowieniu, jeśli nie naprawimy eksportu.
""",
        "neu": """
Klient pytał, czy plan {plan} obejmuje SSO.
Porównują nas z {rival} pod kątem ceny.
Decyzja ma zapaść do końca kwartału.
Kolejny krok: wysłać ofertę na {seats}.
Obecnie wszystko prowadzą w arkuszach kalkulacyjnych.
Głównym kontaktem jest kierownik operacyjny {city.z}.
""",
    },
    "open": {
        "zendesk": {"any": "Dzień dobry,\nWitam,\nCześć,\nSzanowni Państwo,"},
        "sales-call": {
            "any": "Notatki z rozmowy:\nNotatki z rozmowy – {customer}:\n"
            "Spotkanie kwartalne – {customer}:\nRozmowa handlowa, klient {customer}:"
        },
        "app-review": {
            "pos": "Pięć gwiazdek.\nSuper aplikacja!",
            "neg": "Jedna gwiazdka.\nRozczarowanie.",
            "mixed": "Trzy gwiazdki.",
        },
        "nps": {
            "pos": "Polecam.",
            "neg": "Na razie nie polecam.",
            "neu": "Trudno powiedzieć.",
            "mixed": "Tak pół na pół.",
        },
    },
    "close": {
        "zendesk": {
            "any": "Pozdrawiam, {name}\nZ góry dziękuję.\nPozdrawiam serdecznie, {name}",
            "neg": "Proszę o szybką odpowiedź.\nPozdrawiam, {name}",
        },
        "app-review": {
            "pos": "Tak trzymać!",
            "neg": "Poprawcie to, proszę.\nOdinstalowuję, dopóki tego nie naprawicie.",
        },
    },
    "features": {
        "returns": "zwroty|zwrotów|zwroty|zwrotami|zwrotach"
        "/formularz zwrotu|formularza zwrotu|formularz zwrotu|formularzem zwrotu|formularzu zwrotu"
        "/etykieta zwrotna|etykiety zwrotnej|etykietę zwrotną|etykietą zwrotną|etykiecie zwrotnej"
        "/wymiana towaru|wymiany towaru|wymianę towaru|wymianą towaru|wymianie towaru",
        "delivery": "dostawa|dostawy|dostawę|dostawą|dostawie"
        "/śledzenie przesyłki|śledzenia przesyłki|śledzenie przesyłki|śledzeniem przesyłki"
        "|śledzeniu przesyłki"
        "/paczkomat|paczkomatu|paczkomat|paczkomatem|paczkomacie"
        "/dostawy ekspresowe|dostaw ekspresowych|dostawy ekspresowe|dostawami ekspresowymi"
        "|dostawach ekspresowych",
        "checkout": "koszyk|koszyka|koszyk|koszykiem|koszyku"
        "/płatność kartą|płatności kartą|płatność kartą|płatnością kartą|płatności kartą"
        "/kod rabatowy|kodu rabatowego|kod rabatowy|kodem rabatowym|kodzie rabatowym"
        "/karty podarunkowe|kart podarunkowych|karty podarunkowe|kartami podarunkowymi"
        "|kartach podarunkowych",
        "billing": "faktura|faktury|fakturę|fakturą|fakturze"
        "/subskrypcja|subskrypcji|subskrypcję|subskrypcją|subskrypcji"
        "/cennik|cennika|cennik|cennikiem|cenniku"
        "/płatność roczna|płatności rocznej|płatność roczną|płatnością roczną|płatności rocznej",
        "account": "logowanie|logowania|logowanie|logowaniem|logowaniu"
        "/resetowanie hasła|resetowania hasła|resetowanie hasła|resetowaniem hasła"
        "|resetowaniu hasła"
        "/weryfikacja dwuetapowa|weryfikacji dwuetapowej|weryfikację dwuetapową"
        "|weryfikacją dwuetapową|weryfikacji dwuetapowej"
        "/ustawienia konta|ustawień konta|ustawienia konta|ustawieniami konta|ustawieniach konta",
        "app": "aplikacja|aplikacji|aplikację|aplikacją|aplikacji"
        "/tryb ciemny|trybu ciemnego|tryb ciemny|trybem ciemnym|trybie ciemnym"
        "/wyszukiwarka|wyszukiwarki|wyszukiwarkę|wyszukiwarką|wyszukiwarce"
        "/powiadomienia|powiadomień|powiadomienia|powiadomieniami|powiadomieniach"
        "/aktualizacja|aktualizacji|aktualizację|aktualizacją|aktualizacji",
        "support": "obsługa klienta|obsługi klienta|obsługę klienta|obsługą klienta"
        "|obsłudze klienta"
        "/czat na stronie|czatu na stronie|czat na stronie|czatem na stronie|czacie na stronie"
        "/infolinia|infolinii|infolinię|infolinią|infolinii"
        "/centrum pomocy|centrum pomocy|centrum pomocy|centrum pomocy|centrum pomocy",
        "features": "dashboard|dashboardu|dashboard|dashboardem|dashboardzie"
        "/eksport danych|eksportu danych|eksport danych|eksportem danych|eksporcie danych"
        "/raporty|raportów|raporty|raportami|raportach"
        "/wdrożenie|wdrożenia|wdrożenie|wdrożeniem|wdrożeniu"
        "/integracja ze Slackiem|integracji ze Slackiem|integrację ze Slackiem"
        "|integracją ze Slackiem|integracji ze Slackiem"
        "/API|API|API|API|API",
    },
    "slots": {
        "money": "50 zł|20 zł|30 zł|100 zł|15 zł|25 zł|10 zł|9,99 zł|14,99 zł|19,99 zł|200 zł",
        "price": "199 zł|99 zł|49 zł|499 zł|299 zł|149 zł|999 zł|1200 zł",
        "city": "Warszawa|do Warszawy|w Warszawie|z Warszawy"
        "/Kraków|do Krakowa|w Krakowie|z Krakowa"
        "/Wrocław|do Wrocławia|we Wrocławiu|z Wrocławia"
        "/Poznań|do Poznania|w Poznaniu|z Poznania"
        "/Gdańsk|do Gdańska|w Gdańsku|z Gdańska"
        "/Łódź|do Łodzi|w Łodzi|z Łodzi"
        "/Szczecin|do Szczecina|w Szczecinie|ze Szczecina"
        "/Katowice|do Katowic|w Katowicach|z Katowic"
        "/Lublin|do Lublina|w Lublinie|z Lublina"
        "/Bydgoszcz|do Bydgoszczy|w Bydgoszczy|z Bydgoszczy"
        "/Białystok|do Białegostoku|w Białymstoku|z Białegostoku"
        "/Gdynia|do Gdyni|w Gdyni|z Gdyni"
        "/Rzeszów|do Rzeszowa|w Rzeszowie|z Rzeszowa"
        "/Toruń|do Torunia|w Toruniu|z Torunia"
        "/Kielce|do Kielc|w Kielcach|z Kielc"
        "/Olsztyn|do Olsztyna|w Olsztynie|z Olsztyna"
        "/Opole|do Opola|w Opolu|z Opola"
        "/Gliwice|do Gliwic|w Gliwicach|z Gliwic"
        "/Częstochowa|do Częstochowy|w Częstochowie|z Częstochowy"
        "/Radom|do Radomia|w Radomiu|z Radomia"
        "/Zielona Góra|do Zielonej Góry|w Zielonej Górze|z Zielonej Góry"
        "/Bielsko-Biała|do Bielska-Białej|w Bielsku-Białej|z Bielska-Białej"
        "/Płock|do Płocka|w Płocku|z Płocka"
        "/Elbląg|do Elbląga|w Elblągu|z Elbląga"
        "/Tarnów|do Tarnowa|w Tarnowie|z Tarnowa"
        "/Koszalin|do Koszalina|w Koszalinie|z Koszalina"
        "/Legnica|do Legnicy|w Legnicy|z Legnicy"
        "/Nowy Sącz|do Nowego Sącza|w Nowym Sączu|z Nowego Sącza"
        "/Zakopane|do Zakopanego|w Zakopanem|z Zakopanego"
        "/Sopot|do Sopotu|w Sopocie|z Sopotu"
        "/Suwałki|do Suwałk|w Suwałkach|z Suwałk"
        "/Przemyśl|do Przemyśla|w Przemyślu|z Przemyśla",
        "courier": "InPost|InPostu/DPD|DPD/DHL|DHL/Poczta Polska|Poczty Polskiej/GLS|GLS"
        "/FedEx|FedExu/UPS|UPS/Orlen Paczka|Orlen Paczki",
        "weekday": "poniedziałek|od poniedziałku|w poniedziałek/wtorek|od wtorku|we wtorek"
        "/środa|od środy|w środę/czwartek|od czwartku|w czwartek/piątek|od piątku|w piątek"
        "/sobota|od soboty|w sobotę/niedziela|od niedzieli|w niedzielę",
        "ndays": "30|60|45|90|14",
        "pct": "10|20|15|25|30|5|12|8|40|50",
    },
    "product_types": "czajnik|czajnika|czajnik|czajnikiem|czajniku"
    "/słuchawki|słuchawek|słuchawki|słuchawkami|słuchawkach"
    "/blender|blendera|blender|blenderem|blenderze"
    "/plecak|plecaka|plecak|plecakiem|plecaku"
    "/lampka biurkowa|lampki biurkowej|lampkę biurkową|lampką biurkową|lampce biurkowej"
    "/router|routera|router|routerem|routerze"
    "/odkurzacz|odkurzacza|odkurzacz|odkurzaczem|odkurzaczu"
    "/ekspres do kawy|ekspresu do kawy|ekspres do kawy|ekspresem do kawy|ekspresie do kawy"
    "/kurtka|kurtki|kurtkę|kurtką|kurtce"
    "/buty do biegania|butów do biegania|buty do biegania|butami do biegania"
    "|butach do biegania"
    "/smartwatch|smartwatcha|smartwatch|smartwatchem|smartwatchu"
    "/głośnik|głośnika|głośnik|głośnikiem|głośniku"
    "/krzesło biurowe|krzesła biurowego|krzesło biurowe|krzesłem biurowym|krześle biurowym"
    "/ładowarka|ładowarki|ładowarkę|ładowarką|ładowarce"
    "/monitor|monitora|monitor|monitorem|monitorze"
    "/klawiatura|klawiatury|klawiaturę|klawiaturą|klawiaturze"
    "/patelnia|patelni|patelnię|patelnią|patelni"
    "/materac|materaca|materac|materacem|materacu"
    "/frytkownica beztłuszczowa|frytkownicy beztłuszczowej|frytkownicę beztłuszczową"
    "|frytkownicą beztłuszczową|frytkownicy beztłuszczowej"
    "/wózek dziecięcy|wózka dziecięcego|wózek dziecięcy|wózkiem dziecięcym|wózku dziecięcym",
    "names": {
        "m": "Piotr Krzysztof Tomasz Paweł Michał Marcin Jakub Adam Łukasz Mateusz Grzegorz"
        " Kamil Bartosz Wojciech Rafał Dawid Szymon Jan Andrzej Marek",
        "f": "Anna Katarzyna Magdalena Agnieszka Joanna Monika Aleksandra Natalia Zofia"
        " Karolina Ewa Małgorzata Justyna Paulina Marta Weronika Julia Barbara Beata Dorota",
        "last": "Nowak Kowalski Wiśniewski Wójcik Kowalczyk Kamiński Lewandowski Zieliński"
        " Szymański Woźniak Dąbrowski Kozłowski Jankowski Mazur Kwiatkowski Krawczyk"
        " Piotrowski Grabowski Nowakowski Pawłowski Michalski Nowicki Adamczyk Dudek Zając"
        " Wieczorek Jabłoński Król Majewski Olszewski Jaworski Wróbel Malinowski Pawlak"
        " Witkowski Walczak Stępień Górski Rutkowski Michalak Sikora Baran Duda Szewczyk"
        " Tomaszewski Pietrzak Marciniak Wróblewski Zalewski Jakubowski Jasiński Sadowski",
    },
    "companies": {
        "a": "Trans|Pol|Agro|Mebl|Budo|Elektro|Drew|Eko|Tech|Auto|Med|Inter|Euro|Stal|Hydro"
        "|Termo|Net|Data|Farm|Kom|Log|Bio|Geo|Opti",
        "b": "bud|max|tex|pol|mex|soft|land|com|med|lux|plast|trans|serwis|sped|met|gaz",
        "c": " Sp. z o.o.| Sp. z o.o.| S.A.| sp.j.|",
        "shops": "Piekarnia Złoty Kłos|Kwiaciarnia Stokrotka|Apteka Pod Lipami"
        "|Księgarnia Przystanek|Kawiarnia Ziarno|Sklep Rowerowy Szprycha|Hotel Pod Jodłą"
        "|Pracownia Ceramiki Glina|Salon Fryzjerski Nożyczki|Warsztat Samochodowy Tłok"
        "|Przychodnia Zdrowie|Biuro Rachunkowe Bilans|Szkoła Językowa Lingwista"
        "|Pensjonat Pod Skałką|Zakład Stolarski Dębina|Restauracja Pod Kogutem",
    },
    "q_money": "50 zł|100 zł|30 zł|80 zł|150 zł|200 zł",
    "q_specific": """
Czy powinniśmy skrócić czas dostawy?
Czy powinniśmy wprowadzić płatne zwroty dla zamówień poniżej {money}?
Czy klienci chcą trybu ciemnego w aplikacji?
Czy warto dodać płatności ratalne w koszyku?
Czy klienci narzekają, że zwrot pieniędzy trwa za długo?
Czy powinniśmy zmienić kuriera z {courier.g} na innego?
Czy podniesienie ceny planu {plan} do {price} miesięcznie zniechęci klientów?
Czy klienci chcą eksportu danych do Excela?
Czy dostawa do paczkomatu powinna być darmowa?
Czy powinniśmy wydłużyć czas na zwrot do {ndays} dni?
Co klienci mówią o nowym cenniku?
Czy logowanie przez Google ułatwi rejestrację?
Czy klienci {city.z} narzekają na opóźnione dostawy?
Czy powinniśmy uruchomić czat z obsługą 24/7?
Czy faktury powinny przychodzić automatycznie mailem?
Jak często klienci zgłaszają błąd {code}?
Czy warto zrezygnować z darmowego okresu próbnego?
Czy wdrożenie nowych klientów trwa za długo?
Czy nie wysyłamy za dużo powiadomień push?
Czy powinniśmy podnieść próg darmowej dostawy do {money}?
Czy klienci zauważają, gdy dostawa trwa dłużej niż {dur.a}?
Czy weryfikacja dwuetapowa powinna być obowiązkowa?
Czy brak SSO blokuje sprzedaż do dużych firm?
Czy klienci chcą móc zawiesić subskrypcję?
Czy zamiast zwrotu pieniędzy powinniśmy dawać bon na zakupy?
Czy aplikacja za często się zawiesza na urządzeniach {device}?
Czy plan {plan} powinien obejmować wsparcie telefoniczne?
Czy klienci ufają nam przy płatności kartą?
Czy przycisk rezygnacji z subskrypcji jest za bardzo schowany?
Czy podwyżka cen o {pct}% odstraszy klientów?
""",
    "q_common": """
Czy to {jest dobre|ma sens|coś zmieni} dla {klienta|klientów|nich|ludzi}?
Co {oni|klienci|ludzie} o tym {mówią|myślą|sądzą}?
Czy {im|klientom|ludziom} się to {spodoba|przyda}?
Czy powinniśmy to zrobić {teraz|później|od razu|w tym roku}?
Czy będzie {im|klientom|ludziom} lepiej, jeśli zrobimy to {teraz|później|od razu}?
Czego {oni|klienci|ludzie} naprawdę chcą?
Czy {oni|klienci|ludzie} tego w ogóle potrzebują?
Jak {oni|klienci|ludzie} to odbiorą?
Co jest {najlepsze|lepsze} dla {klienta|nich|ludzi}?
Czy to jest dla {nich|klientów|ludzi} {dobre|ważne|potrzebne}?
""",
}

# --------------------------------------------------------------------------------------
# Chinese (simplified). Spaces separate word units and are removed from the output.
# --------------------------------------------------------------------------------------

_ZH: dict[str, Any] = {
    "topics": {
        "returns": {
            "pos": """
退货 很 方便，打印 好 面单 当天 就 寄 出去 了。
{product} 的 退款 {dur} 就 到账 了，没有 任何 麻烦。
免费 退货 是 我 一直 在 你们 家 买 东西 的 主要 原因。
在 网上 把 {product} 换成 别的 型号 只 花 了 两 分钟。
快递员 还 没 来 取件，退款 就 已经 到 了，太 给力 了。
""",
            "neg": """
我 的 退款 等 了 {dur}，发 了 好几 封 邮件 都 没 人 回复。
{product} {dur} 前 就 寄 回去 了，钱 到 现在 还 没 退。
东西 收到 就是 坏 的，为什么 退回去 还要 我 付 {money} 运费？
App 里 的 退货 申请 一直 报错 {code}，根本 提交 不了。
规则 写 的 是 30 天 无理由 退货，结果 第 14 天 就 \
申请 不了 了。
订单号 {order} 的 退款 比 我 实际 付 的 少 了 {money}。
如果 小额 订单 退货 要 收费，我 就 去 别家 买 了。
没 人 告诉 我 退款 只能 退 成 优惠券。
快递 一直 没 来 取 退货 的 包裹，现在 已经 过 了 退货 期限。
""",
            "neu": """
收到 退货 以后 一般 多久 能 退款？
{product} 可以 换货 吗？不 想 退。
订单号 {order} 尺码 不对，我 想 申请 退货。
退货 需要 原 包装 吗？
麻烦 给 订单号 {order} 发 一个 退货 面单。
{money} 以下 的 订单 退货 收费 吗？
""",
        },
        "delivery": {
            "pos": """
发货 很 快，{product} 两 天 就 到 了。
{courier} 的 快递员 很 客气，送货 前 还 打 了 电话。
物流 信息 一路 更新 到 {city}，很 准确。
{weekday} 晚上 下单，第二天 早上 就 收到 了。
可以 送到 公司 楼下 的 快递柜，特别 方便。
满 {money} 包邮，很 划算。
""",
            "neg": """
包裹 在 {city} 卡 了 {dur}，物流 信息 一直 没 更新。
箱子 压坏 了，{product} 也 有 划痕。
说好 {weekday} 送到，结果 晚 了 {dur}。
{courier} 显示 订单号 {order} 已 签收，可是 我 根本 没 收到。
现在 运费 要 {money}，都 快 赶上 商品 一半 的 价格 了。
快递员 直接 把 包裹 扔 在 楼下，还 下着 雨。
问 {courier} 说 是 你们 的 问题，问 你们 又 说 是 快递 的 问题。
多 花 了 {money} 选 加急，结果 一点 都 不 快。
发 到 {city} 的 快递 总是 延迟。
""",
            "neu": """
{city} 可以 送到 快递柜 吗？
订单号 {order} 能 改 收货 地址 吗？
发往 {city} 用 的 是 哪 家 快递？
周末 有 当日达 吗？
我 不在 家 的话 请 放 在 门卫 那里。
满 {money} 包邮 吗？
""",
        },
        "checkout": {
            "pos": """
结账 很 快，微信 支付 一 次 就 成功 了。
保存 好 的 银行卡 一键 就能 付款，很 省事。
优惠券 结账 时 自动 抵扣，这个 细节 很 贴心。
不用 注册 也 能 下单，太 好 了。
""",
            "neg": """
订单号 {order} 结账 的 时候 被 扣 了 两 次 钱。
输入 银行卡 信息 后 一直 报错 {code}，付 不了 款。
优惠码 {promo} 显示 无效，可是 邮件 里 说 到 周日 都 能 用。
付款 前 找 不到 输入 优惠码 的 地方。
从 App 切换 到 网页，购物车 就 被 清空 了。
为什么 不 支持 支付宝？我 不想 输 卡号。
付款 页面 卡住 了，我 都 不 知道 订单 到底 成功 没有。
""",
            "neu": """
可以 用 花呗 分期 吗？
结算 页面 的 价格 含税 吗？
礼品卡 在 哪里 输入？
支持 对公 转账 吗？
""",
        },
        "billing": {
            "pos": """
{plan} 版 对 我们 这种 规模 的 团队 很 划算。
发票 每次 都 按时 开 好，财务 要 的 信息 都 有。
从 月付 改成 年付 以后 省 了 不少 钱。
价格 很 透明，第一 张 账单 没有 任何 意外。
""",
            "neg": """
订阅 已经 取消 了，还是 被 扣 了 {plan} 版 的 {price}。
价格 涨 了 {pct}%，事先 没有 任何 通知。
账单 按 {seats} 个 账号 收费，可 我们 实际 用 的 少 得 多。
后台 下载 不了 发票，一直 提示 错误 {code}。
取消 订阅 的 入口 藏 得 太 深 了，感觉 是 故意 的。
{plan} 版 对 我们 小 团队 来说 太 贵 了。
发票 上 又 漏 了 我们 的 税号。
到期 自动 续费 了，连 个 提醒 都 没有。
""",
            "neu": """
能 把 所有 账号 的 费用 开 在 一 张 发票 上 吗？
{plan} 版 对 非营利 组织 有 折扣 吗？
下次 开票 请 加上 我们 的 采购 单号。
我们 想 把 {plan} 版 改成 年付，应该 找 谁？
年中 再 加 {seats} 个 账号 的话 怎么 计费？
""",
        },
        "account": {
            "pos": """
用 微信 登录 很 快，一点 不 麻烦。
重置 密码 马上 就 成功 了，谢谢。
开启 两步 验证 很 简单。
企业 微信 单点 登录 一个 下午 就 配好 了。
""",
            "neg": """
从 {weekday} 开始 就 登录 不上，一直 提示 密码 错误。
重置 密码 的 邮件 一直 收 不到，垃圾 箱 也 看过 了。
输错 一次 密码 账号 就 被 锁 了，花 了 {dur} 才 解锁。
在 {device} 上 登录 页面 一直 循环 跳转。
验证码 来 得 太 慢，收到 的 时候 已经 过期 了。
我们 {users} 个 人 都 需要 单点 登录，可是 只有 企业版 才 有。
下单 下 到 一半 突然 被 退出 登录，购物车 全 没 了。
""",
            "neu": """
怎么 修改 账号 绑定 的 邮箱？
能 给 整个 团队 强制 开启 两步 验证 吗？
两个 账号 可以 合并 吗？
支持 SAML 单点 登录 吗？
""",
        },
        "app": {
            "pos": """
App 很 流畅，新 界面 也 很 好看。
更新 到 {version} 以后 一次 都 没 闪退 过。
终于 有 深色 模式 了，晚上 看 眼睛 舒服 多 了。
推送 通知 会 准确 告诉 我 包裹 快 到 了。
用过 最 好 的 购物 App，东西 都 在 该 在 的 地方。
""",
            "neg": """
在 {device} 上 一 打开 订单 页面 就 闪退。
更新 到 {version} 以后 App 卡 得 要命。
求求 你们 加 个 深色 模式，晚上 白屏 太 刺眼 了。
每天 收到 五六 条 促销 推送，太 烦 了。
App 里 的 搜索 连 完整 的 商品 名 都 搜 不到。
App 每天 都 会 自动 退出 登录。
最近 一次 更新 以后 通知 完全 收 不到 了。
一 上传 图片 就 弹出 错误 {code}。
""",
            "neu": """
有 平板 版 的 App 吗？
能 只 关掉 营销 推送，保留 物流 通知 吗？
我 现在 是 {version} 版本，需要 重新 安装 吗？
安卓 版 什么 时候 有 深色 模式？
""",
        },
        "support": {
            "pos": """
客服 {agent} 十 分钟 就 帮 我 解决 了 问题。
周日 发 的 消息，一 个 小时 内 就 有 回复 了。
在线 客服 很 耐心，解释 得 很 清楚。
这 几 年 遇到 的 最 好 的 客服。
""",
            "neg": """
等 客服 回复 已经 等 了 {dur} 了。
智能 客服 一直 绕圈子，根本 找 不到 人工。
每次 打 电话 都 要 从头 再 讲 一遍。
问题 还 没 解决，客服 就 把 工单 关 了。
客服 电话 只 到 下午 四 点，上班族 根本 打 不 进去。
说好 {weekday} 给 我 回电，结果 没 人 打。
""",
            "neu": """
周末 客服 几 点 上班？
可以 打 电话 沟通 吗？不 想 发 邮件。
麻烦 把 工单 {order} 升级 给 主管。
{plan} 版 有 专属 客户 经理 吗？
""",
        },
        "features": {
            "pos": """
仪表盘 上 的 数据 正是 我们 经理 需要 的。
上线 很 顺利，{agent} 带着 我们 团队 把 所有 功能 都 过 了 一遍。
钉钉 集成 每周 帮 我们 省 了 好几 个 小时。
导出 CSV 和 我们 的 BI 工具 配合 得 很 好。
新 的 报表 功能 进步 很 大。
""",
            "neg": """
导出 Excel 超过 几千 行 就 出错。
上次 更新 以后 和 Salesforce 的 同步 就 停 了。
我们 {users} 个 人 用，仪表盘 要 加载 整整 一 分钟。
上线 花 了 {dur}，到 现在 一半 功能 还 不会 用。
发票 没有 API，每个 月 手动 下载 太 痛苦 了。
报表 不能 按 地区 筛选，对 我们 {city} 分公司 来说 没 用。
""",
            "neu": """
有 导出 订单 的 API 接口 吗？
今年 有 计划 做 企业 微信 集成 吗？
仪表盘 能 每周一 自动 发 邮件 吗？
我们 想 给 {users} 个 新 同事 安排 一 次 培训。
""",
        },
    },
    "any": {
        "pos": """
总体 很 满意，继续 加油。
很 好用，已经 推荐 给 朋友 了。
一切 正常，没什么 可 挑剔 的。
你们 赢得 了 一个 忠实 客户。
从 头 到 尾 体验 都 很 好。
五星 好评，还会 再 买。
感谢 你们 改进 了 {feature}，现在 好用 多 了。
我们 整个 团队 都 很 喜欢 {feature}。
""",
        "neg": """
非常 失望，本来 期望 挺 高 的。
这 已经 是 第三 次 了。
再 不 解决 我们 就 换 {rival} 了。
说实话，{rival} 做 得 更好 还 更 便宜。
我 真的 在 考虑 退订 了。
你们 这么 大 的 公司，这样 说不过去。
{feature} 一直 有 问题，已经 {dur} 了。
""",
        "neu": """
我们 是 {city} 的 一个 {users} 人 团队，主要 用 {device}。
只是 反馈 一下，希望 对 产品 团队 有 帮助。
从 去年 开始 用 {plan} 版。
没有 特别 的 意见。
如果 需要 更多 细节，可以 约 个 电话。
谁 能 解释 一下 {feature} 应该 怎么 用？
{feature} 最近 会 有 什么 变化 吗？
""",
    },
    "bridge": {
        "pos_neg": """
不过 有 一点 让 我 很 不 爽。
但是 也 不是 什么 都 好。
唯一 的 问题 是 下面 这个。
""",
        "neg_pos": """
当然 也 有 做 得 好 的 地方。
说 句 公道 话，有些 地方 还是 不错 的。
""",
    },
    "sales": {
        "pos": """
他们 很 喜欢 报表 功能，打算 再 开 {users} 个 账号。
对接人 对 目前 的 上线 进度 很 满意。
法务 已经 通过 了 合同 条款，没有 修改。
""",
        "neg": """
他们 觉得 价格 比 {rival} 高 太多。
卡点：还 没有 Salesforce 集成。
上个月 客服 体验 不好，他们 到 现在 还 有 意见。
如果 导出 问题 不 解决，续约 有 风险。
""",
        "neu": """
客户 问 {plan} 版 是否 包含 单点 登录。
他们 在 价格 上 拿 我们 和 {rival} 比较。
预计 本 季度 末 做 决定。
下一步：发 一份 {seats} 个 账号 的 报价。
他们 目前 所有 东西 都 用 Excel 表格 管理。
主要 联系人 是 {city} 的 运营 负责人。
""",
    },
    "open": {
        "zendesk": {"any": "你好，\n您好，\n客服 你好，"},
        "sales-call": {
            "any": "通话 纪要：\n与 {customer} 的 沟通 记录：\n{customer} 季度 回顾 会议 记录："
        },
        "app-review": {
            "pos": "五星 好评！\n太 好用 了！",
            "neg": "一星。\n差评。",
            "mixed": "三星 吧。",
        },
        "nps": {
            "pos": "推荐。",
            "neg": "暂时 不会 推荐。",
            "neu": "不好说。",
            "mixed": "一般 般。",
        },
    },
    "close": {
        "zendesk": {"any": "谢谢！\n辛苦 了。\n谢谢，{name}", "neg": "麻烦 尽快 回复。"},
        "app-review": {"pos": "继续 加油！", "neg": "赶紧 修 一下 吧。\n修好 之前 先 卸载 了。"},
    },
    "features": {
        "returns": "退货 流程|退款 政策|退货 面单|换货 流程",
        "delivery": "物流 跟踪|快递柜 自提|加急 配送|运费",
        "checkout": "结账 流程|支付 页面|优惠码|购物车",
        "billing": "账单 页面|价格 页面|电子 发票|订阅 设置",
        "account": "登录|密码 重置|两步 验证|账号 设置",
        "app": "App|深色 模式|搜索|推送 通知",
        "support": "在线 客服|帮助 中心|电话 客服|工单 系统",
        "features": "仪表盘|导出 功能|报表|API|钉钉 集成",
    },
    "slots": {
        "dur": "两 周|三 天|一 周|十 天|五 天|三 个 星期|一 个 月|四 天|两 个 月|半 个 月|两 天",
        "money": "20元|10元|30元|50元|15元|99元|8元|12元|100元|25元",
        "price": "299元|599元|999元|199元|1999元|99元|3999元",
        "city": "北京|上海|广州|深圳|杭州|成都|武汉|南京|苏州|西安|重庆|天津|厦门|青岛|长沙"
        "|宁波|郑州|合肥|济南|昆明|大连|福州|无锡|东莞|佛山|沈阳|哈尔滨|南宁|贵阳|石家庄",
        "courier": "顺丰|京东 物流|中通|圆通|韵达|申通|EMS|极兔",
        "weekday": "周一|周五|周二|周四|周三|周六|周日",
        "ndays": "30|60|45|90|14",
        "pct": "10|20|15|25|30|5|12|8|40|50",
    },
    "product_types": "电水壶|耳机|破壁机|双肩包|台灯|路由器|吸尘器|咖啡机|冲锋衣|跑鞋|智能 手表"
    "|蓝牙 音箱|办公椅|充电器|显示器|键盘|平底锅|床垫|空气 炸锅|婴儿车",
    "names": {
        "sur": "王 李 张 刘 陈 杨 黄 赵 吴 周 徐 孙 马 朱 胡 郭 何 高 林 罗 郑 梁 谢 宋 唐 许 韩"
        " 冯 邓 曹",
        "m": "伟 磊 强 军 洋 勇 杰 涛 明 超 浩然 子轩 俊杰 晓东 建华 志强 文博 宇航 海峰 国栋",
        "f": "芳 娜 敏 静 丽 艳 婷 雪 慧 欣怡 雨涵 晓燕 丽娟 佳怡 梦琪 思雨 诗涵 秀英 玉兰 晓丽",
    },
    "companies": {
        "a": "北京|上海|广州|深圳|杭州|成都|武汉|南京|苏州|西安|重庆|厦门|青岛|宁波|长沙|合肥",
        "b": "云帆|华信|鼎新|远航|博雅|瑞丰|金桥|恒通|天成|启明|星河|汇达|中科|联创|嘉禾|佳美"
        "|万象|宏图|盛世|新源|众诚|优品|同创|锦程",
        "c": "科技|贸易|物流|电子|餐饮|文化传媒|医疗器械|软件|服饰|家居|网络|教育",
    },
    "q_money": "29元|49元|59元|88元|99元|199元",
    "q_specific": """
我们应该取消免费退货吗？
低于{money}的订单还要包邮吗？
客户想要深色模式吗？
客户是不是经常抱怨退款太慢？
要不要把快递从{courier}换成别家？
{plan}版涨价到每月{price}，客户能接受吗？
结账流程是不是太复杂了？
要不要支持分期付款？
客户需要导出Excel的功能吗？
我们应该提供24小时在线客服吗？
登录要不要强制开启两步验证？
客户经常遇到{code}错误吗？
{city}的客户是不是经常抱怨配送慢？
新用户上手流程是不是太长了？
推送通知是不是太多了？
退货期限要不要延长到{ndays}天？
企业客户需要单点登录吗？
发票要不要每月自动发到客户邮箱？
应该取消免费试用吗？
新的仪表盘比旧的好用吗？
包邮门槛要不要提高到{money}？
配送超过{dur}，客户会不会不满意？
要不要允许客户暂停订阅？
退款改成退优惠券，客户能接受吗？
明年价格上涨{pct}%会流失客户吗？
{plan}版要不要包含电话支持？
客户在{device}上闪退的问题多吗？
退订按钮是不是藏得太深了？
智能客服要不要换成人工客服？
快递柜自提要不要免运费？
""",
    "q_common": """
这样做对{客户|他们|大家|用户}{好|有好处}吗？
{他们|客户|大家|用户}对这个怎么看？
{他们|客户|大家}{喜欢|需要|想要}这个吗？
我们{现在|马上|今年}做这个{好|合适}吗？
如果我们{现在|先|马上}做，对{他们|客户|大家}更好吗？
{他们|客户|大家}会{高兴|满意|不高兴}吗？
{他们|客户|大家}最想要什么？
这对{他们|客户|大家}有用吗？
{他们|客户|大家}是怎么说的？
""",
}

# --------------------------------------------------------------------------------------
# Japanese. Spaces separate word units and are removed; ``~`` is a real space.
# --------------------------------------------------------------------------------------

_JA: dict[str, Any] = {
    "topics": {
        "returns": {
            "pos": """
返品 は とても 簡単 で、ラベル を 印刷 して その 日 の うち に 発送 できました。
{product} の 返金 は {dur} で 入金 されました。
返品 送料 が 無料 な の で、いつも こちら で 買って います。
{product} を 別 の 型番 に 交換 する の に 2 分 しか かかりません でした。
集荷 の 前 に もう 返金 されて いて 驚きました。
""",
            "neg": """
返金 を {dur} 待って います が、メール を 送って も 誰 も 返事 を くれません。
{product} を {dur} 前 に 返送 した のに、まだ 返金 されて いません。
届いた 時点 で 壊れて いた のに、なぜ 返品 送料 {money} を 払わなければ \
いけない の です か？
アプリ の 返品 フォーム で エラー {code} が 出て 送信 できません。
規約 に は 30 日 以内 なら 返品 可能 と ある のに、14 日 目 で \
フォーム が 閉じて いました。
注文 番号 {order} の 返金 額 が 支払った 金額 より {money} 少ない です。
少額 の 注文 で 返品 が 有料 に なる なら、他 の お店 で 買います。
返金 が ポイント のみ だ と は 聞いて いません でした。
返品 の 集荷 に 誰 も 来ず、返品 期限 が 過ぎて しまいました。
""",
            "neu": """
返品 が 届いて から 返金 まで どの くらい かかります か？
返品 で は なく {product} の 交換 は できます か？
注文 番号 {order} の サイズ が 合わない ので 返品 したい です。
返品 に は 元 の 箱 が 必要 です か？
注文 番号 {order} の 返品 ラベル を 送って ください。
{money} 未満 の 注文 の 返品 は 有料 です か？
""",
        },
        "delivery": {
            "pos": """
配送 が 予定 より 早く、{product} が 2 日 で 届きました。
{courier} の 配達員 さん が 親切 で、到着 前 に 電話 を くれました。
{city} まで の 追跡 情報 が ずっと 正確 でした。
{weekday} の 夜 に 注文 して、翌朝 に は 届きました。
会社 近く の 宅配 ロッカー で 受け取れる の が 便利 です。
{money} 以上 で 送料 無料 な の は ありがたい です。
""",
            "neg": """
荷物 が {city} で {dur} 止まった まま で、追跡 情報 も 更新 されません。
箱 が つぶれて いて、{product} に 傷 が ついて いました。
{weekday} に 届く はず が、{dur} 遅れて 届きました。
{courier} で は 注文 番号 {order} が 配達 済み に なって います が、\
何 も 届いて いません。
送料 が {money} に なって、商品 の 半額 以上 です。
雨 の 中、荷物 が 玄関 の 外 に 置きっぱなし でした。
{courier} は そちら の 問題 だ と 言い、そちら は 配送 業者 の 問題 だ と 言います。
お急ぎ 便 に {money} 追加 で 払った のに、全然 早く ありません でした。
{city} へ の 配送 は いつも 遅れます。
""",
            "neu": """
{city} の 宅配 ロッカー に 届けて もらえます か？
注文 番号 {order} の 配送 先 を 変更 できます か？
{city} へ の 配送 は どの 業者 です か？
週末 の 当日 配送 は あります か？
不在 の 場合 は 宅配 ボックス に 入れて ください。
{money} 以上 の 注文 の 送料 は いくら です か？
""",
        },
        "checkout": {
            "pos": """
決済 が スムーズ で、PayPay で すぐ 支払えました。
登録 済み の カード で ワン タップ で 払える の が 便利 です。
クーポン が 自動 で 適用 されて いて 助かりました。
会員 登録 なし で 購入 できる の が ありがたい です。
""",
            "neg": """
注文 番号 {order} の 決済 で 二重 に 請求 されました。
カード 情報 を 入力 する と エラー {code} が 出て 決済 できません。
クーポン コード {promo} が 無効 と 表示 されます が、メール で は \
日曜 まで 使える と 書いて ありました。
支払い の 前 に クーポン を 入力 する 場所 が 見つかりません でした。
アプリ から サイト に 切り替えたら カート が 空 に なりました。
なぜ コンビニ 払い が ない の です か？
支払い 画面 で 固まって、注文 が 通った の か わかりません。
""",
            "neu": """
分割 払い は できます か？
決済 画面 の 金額 は 税込 です か？
ギフト カード は どこ で 入力 します か？
銀行 振込 に 対応 して います か？
""",
        },
        "billing": {
            "pos": """
{plan} プラン は 私たち の 規模 の チーム に は コスパ が 良い です。
請求書 は 毎月 期日 通り に 届き、経理 に 必要 な 情報 も そろって います。
月払い から 年払い に 変えて かなり 節約 できました。
料金 体系 が わかりやすく、初回 の 請求 も 想定 通り でした。
""",
            "neg": """
解約 した のに {plan} プラン の {price} が 請求 されました。
事前 の 連絡 なし に 料金 が {pct}% 上がりました。
請求 は {seats} アカウント 分 です が、実際 に 使って いる の は ずっと 少ない です。
管理 画面 から 請求書 を ダウンロード できず、エラー {code} が 出ます。
解約 ボタン が 何 画面 も 奥 に あって、不誠実 だ と 感じます。
{plan} プラン は 小さな 会社 に は 高 すぎます。
請求書 に また 登録 番号 が 記載 されて いません。
更新 の お知らせ なし に 自動 更新 されて いました。
""",
            "neu": """
全 アカウント 分 を 1 枚 の 請求書 に まとめられます か？
{plan} プラン に NPO 割引 は あります か？
次回 の 請求書 に 発注 番号 を 記載 して ください。
{plan} プラン を 年払い に したい の です が、どなた に 相談 すれば いい です か？
年度 の 途中 で {seats} アカウント 追加 する と 料金 は どう なります か？
""",
        },
        "account": {
            "pos": """
LINE で の ログイン が 早くて 楽 です。
パスワード の 再 設定 が すぐ できました、ありがとう ございます。
二 段階 認証 の 設定 が 簡単 でした。
Okta と の SSO 連携 は 半日 で 設定 できました。
""",
            "neg": """
{weekday} から ログイン できず、パスワード が 違う と 言われ 続けて います。
パスワード 再 設定 の メール が 届きません、迷惑 メール も 確認 しました。
一 回 間違えた だけ で アカウント が ロック され、解除 まで {dur} かかりました。
{device} で ログイン 画面 が ループ して 先 に 進めません。
認証 コード の 届く の が 遅く、届いた 時 に は 期限 切れ です。
{users} 人 分 の SSO が 必要 です が、Enterprise プラン に しか ありません。
注文 の 途中 で ログアウト されて、カート の 中身 が 消えました。
""",
            "neu": """
アカウント の メール アドレス は どう やって 変更 します か？
チーム 全員 に 二 段階 認証 を 必須 に できます か？
2 つ の アカウント を 統合 できます か？
SAML の シングル サイン オン に 対応 して います か？
""",
        },
        "app": {
            "pos": """
アプリ が 軽くて、新しい デザイン も とても 良い です。
バージョン {version} に なって から 一 度 も 落ちて いません。
やっと ダーク モード が 来ました！目 に 優しい です。
プッシュ 通知 で 荷物 が もう すぐ 届く の が わかる の が 便利。
今 まで 使った 中 で 一番 使いやすい 通販 アプリ です。
""",
            "neg": """
{device} で 注文 履歴 を 開く たび に アプリ が 落ちます。
{version} に アップデート して から 動作 が すごく 重い です。
ダーク モード を 追加 して ください、夜 は 画面 が まぶし すぎます。
興味 の ない セール の 通知 が 1 日 に 5 回 も 来ます。
アプリ の 検索 で 商品 名 を 正確 に 入れて も 出て きません。
毎日 勝手 に ログアウト されます。
最新 の アップデート で 通知 が まったく 来なく なりました。
写真 を アップロード しよう と する と 必ず エラー {code} が 出ます。
""",
            "neu": """
タブレット 版 の アプリ は あります か？
セール の 通知 だけ オフ に して、配送 の 通知 は 残せます か？
今 の バージョン は {version} です が、再 インストール した ほう が いい です か？
Android 版 でも ダーク モード は 使える よう に なります か？
""",
        },
        "support": {
            "pos": """
サポート の {agent} さん が 10 分 で 解決 して くれました。
日曜日 な のに 1 時間 以内 に 返信 が ありました。
チャット の 担当 の 方 が 丁寧 に 説明 して くれました。
ここ 数 年 で 一番 良い カスタマー サポート でした。
""",
            "neg": """
サポート から の 返信 を {dur} 待って います。
チャット ボット が 同じ 案内 を 繰り返す だけ で、人 に つながりません。
電話 する たび に 最初 から 事情 を 説明 しなければ なりません。
何 も 解決 して いない のに 問い合わせ が クローズ されました。
電話 窓口 が 16 時 まで なので、働いて いる 人 は かけられません。
{weekday} に 折り返し 電話 を もらう 約束 でした が、かかって きません でした。
""",
            "neu": """
週末 の サポート 対応 時間 を 教えて ください。
メール で は なく 電話 で 相談 できます か？
問い合わせ 番号 {order} を 責任者 の 方 に エスカレーション して ください。
{plan} プラン に は 専任 の 担当者 が つきます か？
""",
        },
        "features": {
            "pos": """
ダッシュボード で マネージャー が 必要 な 数字 を すぐ 確認 できます。
導入 は スムーズ で、{agent} さん が チーム 全員 に 丁寧 に 説明 して くれました。
Slack 連携 の おかげ で 毎週 何 時間 も 節約 できて います。
CSV エクスポート が BI ツール と 問題 なく 連携 できます。
新しい レポート 機能 は 大きな 改善 です。
""",
            "neg": """
数千 行 を 超える と Excel エクスポート が 失敗 します。
前回 の アップデート 以降、Salesforce 連携 が 同期 されません。
{users} 人 で 使う と ダッシュボード の 表示 に 1 分 も かかります。
導入 に {dur} かかった のに、まだ 機能 の 半分 も 使いこなせて いません。
請求書 の API が なく、毎月 手作業 で ダウンロード して います。
レポート を 地域 で 絞り込めない ので、{city} 支社 で は 使えません。
""",
            "neu": """
注文 データ を エクスポート する API は あります か？
今年 kintone 連携 の 予定 は あります か？
毎週 月曜 に ダッシュボード を メール で 送る 設定 は できます か？
新しく 入る {users} 人 向け に 研修 を お願い したい です。
""",
        },
    },
    "any": {
        "pos": """
全体 的 に とても 満足 して います。
使いやすい ので 友人 に も すすめました。
特に 不満 は なく、期待 通り に 使えて います。
これ から も 使い 続けます。
最初 から 最後 まで 気持ち よく 使えました。
星 5 つ です、また 買います。
{feature} を 改善 して くれて ありがとう ございます、とても 使いやすく なりました。
チーム 全員 が {feature} を 気に入って います。
""",
        "neg": """
正直 かなり がっかり しました。
これ で 3 回 目 です。
早く 直らない なら {rival} に 乗り換えます。
正直、{rival} の ほう が 安くて 使いやすい です。
本気 で 解約 を 考えて います。
この 規模 の 会社 と して は ありえない 対応 です。
{feature} の 不具合 が {dur} も 続いて います。
""",
        "neu": """
{city} の {users} 人 の チーム で、主に {device} を 使って います。
製品 チーム の 参考 に なれば と 思い 書きました。
昨年 から {plan} プラン を 使って います。
特に 強い 意見 は ありません。
詳しく 聞きたい 場合 は 電話 でも 大丈夫 です。
{feature} の 使い方 を 教えて もらえます か？
{feature} に 今後 変更 の 予定 は あります か？
""",
    },
    "bridge": {
        "pos_neg": """
ただ、一 つ だけ 不満 が あります。
とはいえ、全部 が 良い わけ で は ありません。
""",
        "neg_pos": """
もちろん、良い ところ も あります。
公平 に 言う と、良い 点 も あります。
""",
    },
    "sales": {
        "pos": """
レポート 機能 を 気に入って おり、さらに {users} 人 分 追加 したい とのこと。
担当者 は ここ まで の 導入 に とても 満足 して いる。
法務 が 契約 条件 を 修正 なし で 承認。
""",
        "neg": """
{rival} と 比べて 価格 が 高 すぎる と の 意見。
障壁：Salesforce 連携 が まだ ない。
先月 の サポート 対応 に 不満 が 残って いる。
エクスポート の 問題 が 直らない と 更新 時 に 解約 リスク あり。
""",
        "neu": """
{plan} プラン に SSO が 含まれる か 質問 あり。
価格 面 で {rival} と 比較 検討 中。
今期 末 まで に 決定 予定。
次 の アクション：{seats} アカウント 分 の 見積 を 送付。
現在 は すべて Excel で 管理 して いる とのこと。
主 な 窓口 は {city} の 業務 部長。
""",
    },
    "open": {
        "zendesk": {
            "any": "お世話 に なって おります。\nいつも お世話 に なって おります。\nこんにちは。"
        },
        "sales-call": {
            "any": "{customer} と の 打ち合わせ メモ：\n通話 メモ：\n{customer} 定例 議事録："
        },
        "app-review": {
            "pos": "星 5 つ！\n最高 の アプリ！",
            "neg": "星 1 つ。\n残念 です。",
            "mixed": "星 3 つ。",
        },
        "nps": {
            "pos": "おすすめ できます。",
            "neg": "今 は おすすめ できません。",
            "neu": "どちら とも 言えません。",
            "mixed": "良い 点 も 悪い 点 も あります。",
        },
    },
    "close": {
        "zendesk": {
            "any": "よろしく お願い いたします。{name}\nご 確認 の ほど よろしく お願い します。",
            "neg": "至急 ご 対応 ください。",
        },
        "app-review": {
            "pos": "これから も 期待 して います！",
            "neg": "早く 直して ください。\n直る まで アンインストール します。",
        },
    },
    "features": {
        "returns": "返品 手続き|返金 ポリシー|返品 ラベル|交換 手続き",
        "delivery": "配送 状況 の 確認|宅配 ロッカー|お急ぎ 便|送料",
        "checkout": "決済 画面|クーポン 入力|カート|ギフト カード",
        "billing": "請求 画面|料金 ページ|請求書 PDF|サブスクリプション 設定",
        "account": "ログイン|パスワード 再 設定|二 段階 認証|アカウント 設定",
        "app": "アプリ|ダーク モード|検索|プッシュ 通知",
        "support": "チャット サポート|ヘルプ センター|電話 サポート|問い合わせ フォーム",
        "features": "ダッシュボード|CSV エクスポート|レポート|API|Slack 連携",
    },
    "slots": {
        "dur": "2 週間|3 日|1 週間|10 日|5 日|3 週間|1 か月|4 日|2 か月|半月|2 日",
        "money": "500円|1,000円|300円|800円|2,000円|1,500円|3,000円|660円|990円",
        "price": "4,980円|9,800円|2,980円|19,800円|980円|1,480円|49,800円",
        "city": "東京|大阪|名古屋|横浜|札幌|福岡|神戸|京都|仙台|広島|川崎|さいたま|千葉|北九州"
        "|新潟|浜松|熊本|岡山|静岡|金沢|那覇|鹿児島|松山|宇都宮|長野|高松|富山|岐阜|大分|盛岡",
        "courier": "ヤマト 運輸|佐川 急便|日本 郵便|西濃 運輸|福山 通運|Amazon",
        "weekday": "月曜|金曜|火曜|木曜|水曜|土曜|日曜",
        "ndays": "30|60|45|90|14",
        "pct": "10|20|15|25|30|5|12|8|40|50",
    },
    "product_types": "電気ケトル|イヤホン|ミキサー|リュック|デスクライト|ルーター|掃除機"
    "|コーヒーメーカー|ジャケット|ランニングシューズ|スマートウォッチ|スピーカー"
    "|オフィスチェア|充電器|モニター|キーボード|フライパン|マットレス|ノンフライヤー|ベビーカー",
    "names": {
        "sur": "佐藤 鈴木 高橋 田中 伊藤 渡辺 山本 中村 小林 加藤 吉田 山田 佐々木 山口 松本 井上"
        " 木村 林 斎藤 清水 山崎 森 池田 橋本 阿部 石川 前田 藤田 小川 岡田",
        "m": "翔太 大輔 健一 拓也 直樹 和也 誠 隆 浩二 悠斗 蓮 陽翔 亮 達也 修",
        "f": "花子 美咲 陽子 恵 由美 愛 さくら 結衣 真由美 明美 彩 智子 優子 舞 奈々",
    },
    "companies": {
        "a": "みどり|さくら|東都|北辰|大和|日之出|青葉|富士|光|朝日|丸山|中央|三和|新和|協和"
        "|アオイ|ハヤテ|ミライ|ツバサ|コスモ|東洋|関西|北海|瀬戸内",
        "b": "物流|商事|工業|食品|電機|建設|システム|ソリューションズ|製作所|不動産|薬品|デザイン",
    },
    "q_money": "2,000円|3,000円|3,980円|5,000円|1,500円",
    "q_specific": """
返品送料を有料にすべきですか？
{money}未満の注文は送料無料をやめるべきですか？
ダッシュボードにダークモードは必要ですか？
返金が遅いという声は多いですか？
配送業者を{courier}から変えるべきですか？
{plan}プランを月額{price}に値上げしても大丈夫ですか？
決済画面の入力項目は多すぎますか？
後払い決済に対応すべきですか？
Excelへのエクスポートを求める声はありますか？
チャットサポートを24時間対応にすべきですか？
二段階認証を必須にすべきですか？
エラー{code}の問い合わせはどのくらいありますか？
{city}のお客様から配達遅延の苦情は出ていますか？
オンボーディングは長すぎますか？
プッシュ通知が多すぎるという声はありますか？
返品期限を{ndays}日に延ばすべきですか？
無料トライアルをやめるべきですか？
請求書を毎月自動でメール送信すべきですか？
法人のお客様はシングルサインオンを求めていますか？
新しいダッシュボードは前より使いやすいですか？
送料無料の基準を{money}に上げるべきですか？
配送に{dur}以上かかると、お客様は不満に感じますか？
サブスクリプションの一時停止機能は必要ですか？
返金の代わりにポイントで返すのはどうですか？
来年{pct}%値上げしたら解約は増えますか？
{plan}プランに電話サポートを含めるべきですか？
{device}でアプリが落ちるという報告は多いですか？
解約ボタンはわかりにくすぎますか？
チャットボットをやめて有人対応にすべきですか？
宅配ロッカー受け取りを送料無料にすべきですか？
""",
    "q_common": """
これは{お客様|みんな|ユーザー}にとって{良い|いい}ことですか？
{お客様|みんな|ユーザー}はこれについてどう{言って|思って}いますか？
{今|すぐ|先に}やったほうが{お客様|みんな}のためになりますか？
{お客様|みんな|ユーザー}は{これを喜びますか|これを求めていますか|これで困りますか}？
これを{今|すぐ|あとで}やるべきですか？
{お客様|みんな}にとって何が一番いいですか？
これで{お客様|みんな|ユーザー}の役に立ちますか？
{お客様|みんな|ユーザー}はこれが好きですか？
""",
}

# --------------------------------------------------------------------------------------
# Thai. Spaces separate word units and are removed; ``~`` is a real space (Thai puts
# spaces between phrases and around numbers and Latin words). {ครับ|ค่ะ} follows the
# writer's gender.
# --------------------------------------------------------------------------------------

_TH: dict[str, Any] = {
    "topics": {
        "returns": {
            "pos": """
คืน สินค้า ง่าย มาก ปริ้น ใบ ปะหน้า แล้ว ส่ง ได้ ภายใน วัน เดียว
ได้ เงิน คืน ค่า {product}~ภายใน~{dur} ไม่ ต้อง ถาม อะไร เยอะ
ส่ง คืน ฟรี คือ เหตุผล หลัก ที่ ยัง สั่ง ร้าน นี้ อยู่ {ครับ|ค่ะ}
เปลี่ยน {product}~เป็น รุ่น อื่น ใช้ เวลา แค่ สอง นาที
ขนส่ง ยัง ไม่ ทัน มา รับ ของ เงิน ก็ คืน เข้า บัตร แล้ว ประทับใจ มาก
""",
            "neg": """
รอ เงิน คืน มา~{dur} แล้ว ส่ง อีเมล ไป ก็ ไม่ มี ใคร ตอบ
ส่ง {product}~คืน ไป ตั้งแต่~{dur} ก่อน จนถึง ตอนนี้ ยัง ไม่ ได้ เงิน คืน
ของ มา ถึง ก็ เสีย แล้ว ทำไม ต้อง จ่าย ค่า ส่ง คืน~{money} อีก
ฟอร์ม คืน สินค้า ใน แอป ขึ้น~error~{code}~ส่ง ไม่ ได้ เลย
เงื่อนไข เขียน ว่า คืน ได้ ภายใน~30~วัน แต่ พอ วัน ที่~14~ก็ กด คืน ไม่ ได้ แล้ว
ได้ เงิน คืน น้อย กว่า ที่ จ่าย ไป~{money} สำหรับ คำสั่งซื้อ~#{order}
ถ้า ออเดอร์ เล็ก ๆ ต้อง เสีย ค่า คืน สินค้า ก็ คง ไป ซื้อ ที่ อื่น แทน
ไม่ มี ใคร บอก เลย ว่า จะ คืน เงิน เป็น คูปอง เท่านั้น
ขนส่ง ไม่ มา รับ ของ คืน สุดท้าย ก็ เลย กำหนด คืน สินค้า
""",
            "neu": """
ปกติ ได้ รับ ของ คืน แล้ว ต้อง รอ เงิน คืน กี่ วัน {ครับ|คะ}
ขอ เปลี่ยน {product}~แทน การ คืน ได้ ไหม {ครับ|คะ}
อยาก คืน สินค้า คำสั่งซื้อ~#{order}~เพราะ ไซซ์ ไม่ พอดี
ต้อง ใช้ กล่อง เดิม ตอน ส่ง คืน ไหม
รบกวน ส่ง ใบ ปะหน้า สำหรับ คืน สินค้า ของ คำสั่งซื้อ~#{order}~ให้ หน่อย
ออเดอร์ ต่ำ กว่า~{money} คืน สินค้า เสีย เงิน ไหม
""",
        },
        "delivery": {
            "pos": """
ส่ง ไว กว่า ที่ บอก {product}~มา ถึง ใน สอง วัน
พนักงาน ส่ง ของ {courier} สุภาพ มาก โทร มา ก่อน ถึง
เช็ก สถานะ พัสดุ ได้ ตลอด ทาง จน ถึง {city}
สั่ง ตอน ค่ำ {weekday} เช้า วัน ต่อ มา ของ ก็ มา ส่ง แล้ว
รับ ของ ที่ ตู้ รับ พัสดุ ใกล้ ออฟฟิศ ได้ สะดวก มาก
ซื้อ ครบ~{money} ส่ง ฟรี คุ้ม มาก
""",
            "neg": """
พัสดุ ค้าง อยู่ ที่ {city} มา~{dur} แล้ว สถานะ ไม่ อัปเดต เลย
กล่อง บุบ มา {product}~มี รอย ขีดข่วน
บอก ว่า จะ ส่ง ถึง {weekday} แต่ ช้า ไป~{dur}
ใน ระบบ {courier} ขึ้น ว่า คำสั่งซื้อ~#{order}~ส่ง แล้ว แต่ ไม่ มี อะไร มา ถึง เลย
ค่า ส่ง ตอนนี้~{money} เกิน ครึ่ง ของ ราคา สินค้า แล้ว
คน ส่ง ของ วาง กล่อง ทิ้ง ไว้ หน้า บ้าน ตอน ฝน ตก
ถาม {courier} ก็ บอก ว่า เป็น ปัญหา ของ ร้าน ถาม ร้าน ก็ บอก ว่า เป็น ปัญหา ของ ขนส่ง
จ่าย เพิ่ม~{money} เพื่อ ส่ง ด่วน แต่ ไม่ ได้ ด่วน เลย
ส่ง ไป {city} ช้า ทุก ครั้ง
""",
            "neu": """
ส่ง ไป ตู้ รับ พัสดุ ที่ {city} ได้ ไหม {ครับ|คะ}
คำสั่งซื้อ~#{order}~ยัง เปลี่ยน ที่อยู่ จัดส่ง ได้ ไหม
ส่ง ไป {city} ใช้ ขนส่ง เจ้า ไหน
วัน เสาร์ อาทิตย์ มี ส่ง ภายใน วัน ไหม
ถ้า ไม่ อยู่ บ้าน ฝาก ไว้ กับ รปภ. ได้ เลย {ครับ|ค่ะ}
ซื้อ เกิน~{money} ค่า ส่ง เท่าไหร่
""",
        },
        "checkout": {
            "pos": """
จ่าย เงิน ง่าย มาก สแกน พร้อมเพย์ ทีเดียว ผ่าน
บัตร ที่ บันทึก ไว้ กด จ่าย ได้ ใน คลิก เดียว สะดวก ดี
โค้ด ส่วนลด ใส่ ให้ อัตโนมัติ ตอน ชำระ เงิน ดี มาก
ซื้อ ได้ โดย ไม่ ต้อง สมัคร สมาชิก ชอบ มาก
""",
            "neg": """
คำสั่งซื้อ~#{order}~โดน ตัด เงิน จาก บัตร สอง รอบ
ใส่ ข้อมูล บัตร แล้ว ขึ้น~error~{code}~ทุก ครั้ง จ่าย ไม่ ได้
โค้ด~{promo}~ขึ้น ว่า ใช้ ไม่ ได้ ทั้ง ที่ อีเมล บอก ว่า ใช้ ได้ ถึง วัน อาทิตย์
หา ช่อง ใส่ โค้ด ส่วนลด ไม่ เจอ ก่อน จ่าย เงิน
สลับ จาก แอป ไป หน้า เว็บ แล้ว ตะกร้า หาย หมด
ทำไม ไม่ มี เก็บ เงิน ปลายทาง
หน้า ชำระ เงิน ค้าง ไม่ รู้ ว่า สั่ง ซื้อ สำเร็จ หรือ ยัง
""",
            "neu": """
ผ่อน ชำระ ได้ ไหม {ครับ|คะ}
ราคา ตอน ชำระ เงิน รวม~VAT~แล้ว หรือ ยัง
บัตร ของขวัญ ต้อง ใส่ ตรง ไหน
โอน เงิน ผ่าน ธนาคาร ได้ ไหม
""",
        },
        "billing": {
            "pos": """
แพ็กเกจ~{plan}~คุ้ม ค่า สำหรับ ทีม ขนาด เรา
ใบ แจ้ง หนี้ มา ตรง เวลา และ มี ข้อมูล ครบ ตาม ที่ ฝ่าย บัญชี ต้องการ
เปลี่ยน จาก จ่าย รายเดือน เป็น รายปี ประหยัด ไป เยอะ
ราคา ชัดเจน บิล แรก ไม่ มี อะไร เซอร์ไพรส์
""",
            "neg": """
ยกเลิก สมาชิก ไป แล้ว แต่ ยัง โดน เก็บ เงิน แพ็กเกจ~{plan}~{price}
ราคา ขึ้น~{pct}%~โดย ไม่ แจ้ง ล่วงหน้า
บิล คิด~{seats}~บัญชี แต่ ที่ ใช้ จริง น้อย กว่า นั้น เยอะ
ดาวน์โหลด ใบ แจ้ง หนี้ ไม่ ได้ ขึ้น~error~{code}
ปุ่ม ยกเลิก สมาชิก ซ่อน ไว้ ลึก มาก รู้สึก ไม่ จริงใจ
แพ็กเกจ~{plan}~แพง เกินไป สำหรับ บริษัท เล็ก ๆ
ใบ กำกับ ภาษี ไม่ มี เลข ประจำตัว ผู้ เสีย ภาษี ของ เรา อีก แล้ว
ต่อ อายุ อัตโนมัติ โดย ไม่ มี อีเมล เตือน เลย
""",
            "neu": """
รวม ค่า ใช้ จ่าย ทุก บัญชี ไว้ ใน ใบ แจ้ง หนี้ ใบ เดียว ได้ ไหม
แพ็กเกจ~{plan}~มี ส่วนลด สำหรับ มูลนิธิ ไหม
รบกวน ใส่ เลข ใบ สั่ง ซื้อ ใน ใบ แจ้ง หนี้ รอบ หน้า ด้วย
อยาก เปลี่ยน แพ็กเกจ~{plan}~เป็น รายปี ต้อง คุย กับ ใคร
ถ้า เพิ่ม อีก~{seats}~บัญชี กลาง ปี จะ คิด เงิน ยังไง
""",
        },
        "account": {
            "pos": """
ล็อกอิน ด้วย~LINE~เร็ว และ ง่าย มาก
รีเซ็ต รหัสผ่าน ได้ ทันที ขอบคุณ {ครับ|ค่ะ}
ตั้ง ค่า ยืนยัน ตัวตน สอง ขั้นตอน ง่าย มาก
ตั้ง~SSO~กับ~Okta~เสร็จ ใน บ่าย เดียว
""",
            "neg": """
ล็อกอิน ไม่ ได้ ตั้งแต่ {weekday} ขึ้น ว่า รหัสผ่าน ผิด ตลอด
อีเมล รีเซ็ต รหัสผ่าน ไม่ มา เลย เช็ก ใน สแปม แล้ว ด้วย
ใส่ รหัส ผิด ครั้ง เดียว บัญชี ก็ โดน ล็อก ต้อง รอ~{dur} กว่า จะ ปลดล็อก
บน~{device}~หน้า ล็อกอิน วน กลับ มา ที่ เดิม ตลอด
รหัส~OTP~มา ช้า มาก พอ ได้ ก็ หมด อายุ แล้ว
ทีม เรา~{users}~คน ต้องการ~SSO~แต่ มี ให้ แค่ ใน แพ็กเกจ~Enterprise
กำลัง สั่ง ของ อยู่ ดี ๆ ก็ โดน เด้ง ออก ของ ใน ตะกร้า หาย หมด
""",
            "neu": """
เปลี่ยน อีเมล ที่ ผูก กับ บัญชี ยังไง
บังคับ ให้ ทั้ง ทีม ใช้ การ ยืนยัน สอง ขั้นตอน ได้ ไหม
รวม สอง บัญชี เป็น บัญชี เดียว ได้ ไหม
รองรับ การ ล็อกอิน แบบ~SAML~ไหม
""",
        },
        "app": {
            "pos": """
แอป ลื่น มาก ดีไซน์ ใหม่ ก็ สวย
ตั้งแต่ อัปเดต เป็น~{version}~แอป ไม่ เด้ง เลย สัก ครั้ง
ใน ที่สุด ก็ มี โหมด มืด แล้ว สบาย ตา ขึ้น เยอะ
แจ้งเตือน บอก ได้ ตรง เวลา ว่า พัสดุ ใกล้ ถึง แล้ว
แอป ช้อปปิ้ง ที่ ใช้ ง่าย ที่สุด ที่ เคย ใช้ มา
""",
            "neg": """
เปิด หน้า คำสั่งซื้อ ที ไร แอป เด้ง ทุก ที บน~{device}
อัปเดต เป็น~{version}~แล้ว แอป ช้า มาก
ขอ โหมด มืด หน่อย ตอน กลางคืน จอ ขาว แสบ ตา มาก
แจ้งเตือน โปรโมชั่น วัน ละ ห้า ครั้ง น่ารำคาญ มาก
ค้นหา ใน แอป พิมพ์ ชื่อ สินค้า ตรง ๆ ก็ ยัง หา ไม่ เจอ
แอป ล็อกเอาต์ เอง ทุก วัน
อัปเดต ล่าสุด ทำ ให้ แจ้งเตือน ไม่ ขึ้น เลย
อัปโหลด รูป ที ไร ขึ้น~error~{code}~ทุก ที
""",
            "neu": """
มี แอป สำหรับ แท็บเล็ต ไหม
ปิด แจ้งเตือน โปรโมชั่น แต่ ยัง รับ แจ้งเตือน การ จัดส่ง ได้ ไหม
ตอนนี้ ใช้ เวอร์ชัน~{version}~ต้อง ลง แอป ใหม่ ไหม
แอป บน~Android~จะ มี โหมด มืด ด้วย ไหม
""",
        },
        "support": {
            "pos": """
คุณ {agent} จาก ฝ่าย บริการ ลูกค้า แก้ ปัญหา ให้ ใน สิบ นาที
ทัก ไป วัน อาทิตย์ ยัง ตอบ กลับ ภายใน ชั่วโมง เดียว
แอดมิน ใน แชท ใจเย็น มาก อธิบาย ละเอียด
บริการ หลัง การ ขาย ดี ที่สุด ที่ เจอ มา หลาย ปี
""",
            "neg": """
รอ ฝ่าย บริการ ลูกค้า ตอบ มา~{dur} แล้ว
แชทบอท วน ไป วน มา ไม่ มี ทาง คุย กับ คน จริง ได้ เลย
โทร ไป ที ไร ต้อง เล่า เรื่อง ใหม่ ตั้งแต่ ต้น ทุก ครั้ง
ปิด เคส ไป ทั้ง ที่ ยัง ไม่ ได้ แก้ อะไร เลย
คอลเซ็นเตอร์ เปิด ถึง แค่ สี่ โมง เย็น คน ทำงาน โทร ไม่ ทัน
บอก ว่า จะ โทร กลับ {weekday} แต่ ก็ ไม่ มี ใคร โทร มา
""",
            "neu": """
วัน เสาร์ อาทิตย์ ฝ่าย บริการ ลูกค้า เปิด กี่ โมง
ขอ คุย ทาง โทรศัพท์ แทน อีเมล ได้ ไหม
รบกวน ส่ง เคส~#{order}~ต่อ ให้ หัวหน้า ด้วย
แพ็กเกจ~{plan}~มี ผู้ ดูแล บัญชี เฉพาะ ไหม
""",
        },
        "features": {
            "pos": """
แดชบอร์ด แสดง ตัวเลข ที่ ผู้จัดการ ต้องการ ได้ ครบ
การ เริ่ม ใช้งาน ราบรื่น คุณ {agent} พา ทีม เรา ดู ทุก ฟีเจอร์
เชื่อม ต่อ กับ~Slack~ช่วย ประหยัด เวลา ได้ หลาย ชั่วโมง ต่อ สัปดาห์
ส่ง ออก ไฟล์~CSV~ใช้ กับ เครื่องมือ~BI~ของ เรา ได้ ไม่ มี ปัญหา
รายงาน แบบ ใหม่ ดี ขึ้น มาก
""",
            "neg": """
ส่ง ออก เป็น~Excel~เกิน ไม่ กี่ พัน แถว ก็ พัง
หลัง อัปเดต ล่าสุด การ ซิงค์ กับ~Salesforce~หยุด ทำงาน
ทีม เรา~{users}~คน เปิด แดชบอร์ด ที ต้อง รอ เป็น นาที
เริ่ม ใช้ มา~{dur} แล้ว ยัง ใช้ ฟีเจอร์ ไม่ เป็น ครึ่ง หนึ่ง
ไม่ มี~API~สำหรับ ใบ แจ้ง หนี้ ต้อง มา นั่ง ดาวน์โหลด เอง ทุก เดือน
รายงาน กรอง ตาม ภูมิภาค ไม่ ได้ เลย ใช้ กับ สาขา {city} ไม่ ได้
""",
            "neu": """
มี~API~สำหรับ ส่ง ออก ข้อมูล คำสั่งซื้อ ไหม
ปี นี้ มี แผน จะ เชื่อม ต่อ กับ~HubSpot~ไหม
ตั้ง ให้ ส่ง แดชบอร์ด ทาง อีเมล ทุก วัน จันทร์ ได้ ไหม
อยาก ให้ จัด อบรม สำหรับ พนักงาน ใหม่~{users}~คน
""",
        },
    },
    "any": {
        "pos": """
โดยรวม พอใจ มาก {ครับ|ค่ะ}
ใช้ ง่าย มาก แนะนำ ให้ เพื่อน แล้ว
ทุก อย่าง ทำงาน ตาม ที่ คาด ไว้
จะ ใช้ ต่อ ไป เรื่อย ๆ แน่นอน
ประทับใจ ตั้งแต่ ต้น จน จบ
ให้ ห้า ดาว เลย จะ สั่ง อีก แน่นอน
ขอบคุณ ที่ ปรับปรุง {feature} ตอนนี้ ใช้ ง่าย ขึ้น เยอะ
ทั้ง ทีม ชอบ {feature} มาก
""",
        "neg": """
ผิดหวัง มาก คาด หวัง ไว้ สูง กว่า นี้
นี่ เป็น ครั้ง ที่ สาม แล้ว
ถ้า ยัง ไม่ แก้ เร็ว ๆ นี้ จะ ย้าย ไป ใช้~{rival}
พูด ตรง ๆ~{rival}~ทำ ได้ ดี กว่า แถม ถูก กว่า
กำลัง คิด จริงจัง ว่า จะ ยกเลิก
บริษัท ใหญ่ ขนาด นี้ ไม่ ควร เป็น แบบ นี้
{feature} มี ปัญหา มา~{dur} แล้ว
""",
        "neu": """
ทีม เรา~{users}~คน อยู่ ที่ {city} ส่วนใหญ่ ใช้~{device}
แค่ อยาก แจ้ง ไว้ เผื่อ เป็น ประโยชน์ กับ ทีม พัฒนา
ใช้ แพ็กเกจ~{plan}~มา ตั้งแต่ ปี ที่แล้ว
ไม่ ได้ มี ความเห็น อะไร เป็น พิเศษ
ถ้า ต้องการ ข้อมูล เพิ่ม โทร มา คุย ได้ {ครับ|ค่ะ}
ช่วย อธิบาย หน่อย ว่า {feature} ใช้ ยังไง
{feature} จะ มี การ เปลี่ยนแปลง อะไร ไหม
""",
    },
    "bridge": {
        "pos_neg": """
แต่ มี เรื่อง หนึ่ง ที่ ไม่ โอเค เลย
ถึง อย่างนั้น ก็ ไม่ ได้ ดี ไป หมด ทุก อย่าง
""",
        "neg_pos": """
แต่ ก็ ต้อง ยอมรับ ว่า มี ส่วน ที่ ดี อยู่
พูด ให้ แฟร์ ก็ มี หลาย อย่าง ที่ ทำ ได้ ดี
""",
    },
    "sales": {
        "pos": """
ชอบ ระบบ รายงาน มาก อยาก เพิ่ม ผู้ใช้ อีก~{users}~คน
ผู้ ประสาน งาน พอใจ กับ การ เริ่ม ใช้งาน ที่ ผ่าน มา
ฝ่าย กฎหมาย อนุมัติ สัญญา โดย ไม่ แก้ อะไร
""",
        "neg": """
มอง ว่า ราคา สูง เกินไป เมื่อ เทียบ กับ~{rival}
ติด ปัญหา:~ยัง ไม่ มี การ เชื่อม ต่อ กับ~Salesforce
เดือน ที่แล้ว มี ประสบการณ์ ไม่ ดี กับ ฝ่าย ซัพพอร์ต ยัง ไม่ ค่อย พอใจ
ถ้า ไม่ แก้ ปัญหา ส่ง ออก ข้อมูล มี ความ เสี่ยง ที่ จะ ไม่ ต่อ สัญญา
""",
        "neu": """
ลูกค้า ถาม ว่า แพ็กเกจ~{plan}~มี~SSO~ไหม
กำลัง เทียบ ราคา กับ~{rival}
คาด ว่า จะ ตัดสินใจ ภายใน สิ้น ไตรมาส
ขั้น ต่อ ไป:~ส่ง ใบ เสนอ ราคา~{seats}~บัญชี
ตอนนี้ ยัง ใช้~Excel~จัดการ ทุก อย่าง
ผู้ ติดต่อ หลัก คือ ผู้จัดการ ฝ่าย ปฏิบัติการ ที่ {city}
""",
    },
    "open": {
        "zendesk": {"any": "สวัสดี {ครับ|ค่ะ}\nเรียน ทีม งาน\nสวัสดี ทีม ซัพพอร์ต"},
        "sales-call": {"any": "บันทึก การ ประชุม กับ~{customer}\nสรุป การ โทร คุย:"},
        "app-review": {
            "pos": "ห้า ดาว!\nแอป ดี มาก!",
            "neg": "หนึ่ง ดาว\nผิดหวัง",
            "mixed": "สาม ดาว",
        },
        "nps": {
            "pos": "แนะนำ เลย",
            "neg": "ตอนนี้ ยัง ไม่ แนะนำ",
            "neu": "เฉย ๆ",
            "mixed": "ก็ ดี บ้าง ไม่ ดี บ้าง",
        },
    },
    "close": {
        "zendesk": {
            "any": "ขอบคุณ {ครับ|ค่ะ}\nขอบคุณ ล่วงหน้า {ครับ|ค่ะ}~{name}",
            "neg": "รบกวน ช่วย ตอบ กลับ ด่วน ด้วย {ครับ|ค่ะ}",
        },
        "app-review": {"pos": "เป็น กำลังใจ ให้ {ครับ|ค่ะ}", "neg": "รีบ แก้ ด้วย\nลบ แอป ทิ้ง ก่อน"},
    },
    "features": {
        "returns": "การ คืน สินค้า|นโยบาย คืน เงิน|ใบ ปะหน้า คืน สินค้า|การ เปลี่ยน สินค้า",
        "delivery": "การ ติดตาม พัสดุ|ตู้ รับ พัสดุ|การ ส่ง ด่วน|ค่า ส่ง",
        "checkout": "หน้า ชำระ เงิน|โค้ด ส่วนลด|ตะกร้า สินค้า|บัตร ของขวัญ",
        "billing": "หน้า บิล|ใบ แจ้ง หนี้|หน้า ราคา|การ ต่อ อายุ สมาชิก",
        "account": "การ ล็อกอิน|การ รีเซ็ต รหัสผ่าน|การ ยืนยัน ตัวตน สอง ขั้นตอน|การ ตั้ง ค่า บัญชี",
        "app": "แอป|โหมด มืด|การ ค้นหา|การ แจ้งเตือน",
        "support": "แชท ซัพพอร์ต|ศูนย์ ช่วยเหลือ|คอลเซ็นเตอร์|ระบบ แจ้ง ปัญหา",
        "features": "แดชบอร์ด|การ ส่ง ออก ข้อมูล|รายงาน|~API~|การ เชื่อม ต่อ กับ~Slack",
    },
    "slots": {
        "dur": "2~สัปดาห์|3~วัน|1~สัปดาห์|10~วัน|5~วัน|3~สัปดาห์|1~เดือน|4~วัน|2~เดือน|ครึ่ง เดือน|2~วัน",
        "money": "100~บาท|50~บาท|200~บาท|40~บาท|500~บาท|30~บาท|300~บาท|1,000~บาท|99~บาท",
        "price": "590~บาท|990~บาท|299~บาท|1,990~บาท|2,990~บาท|4,900~บาท",
        "city": "กรุงเทพฯ|เชียงใหม่|ขอนแก่น|ภูเก็ต|หาดใหญ่|นครราชสีมา|อุดรธานี|ชลบุรี|พัทยา"
        "|นนทบุรี|สมุทรปราการ|เชียงราย|อุบลราชธานี|สุราษฎร์ธานี|พิษณุโลก|นครปฐม|ระยอง|ลำปาง"
        "|ตรัง|กระบี่|หัวหิน|นครศรีธรรมราช|สงขลา|ปทุมธานี|อยุธยา",
        "courier": "~Kerry~Express~|~Flash~Express~|ไปรษณีย์ไทย|~J&T~Express~|~Best~Express~"
        "|~Shopee~Express~|~Ninja~Van~|~DHL~",
        "weekday": "วันจันทร์|วันศุกร์|วันอังคาร|วันพฤหัส|วันพุธ|วันเสาร์|วันอาทิตย์",
        "ndays": "30|60|45|90|14",
        "pct": "10|20|15|25|30|5|12|8|40|50",
    },
    "product_types": "กาต้มน้ำไฟฟ้า|หูฟัง|เครื่องปั่น|กระเป๋าเป้|โคมไฟตั้งโต๊ะ|เราเตอร์"
    "|เครื่องดูดฝุ่น|เครื่องชงกาแฟ|เสื้อแจ็คเก็ต|รองเท้าวิ่ง|สมาร์ทวอทช์|ลำโพง|เก้าอี้สำนักงาน"
    "|ที่ชาร์จ|จอมอนิเตอร์|คีย์บอร์ด|กระทะ|ที่นอน|หม้อทอดไร้น้ำมัน|รถเข็นเด็ก",
    "names": {
        "m": "สมชาย ธนากร ณัฐพล กิตติ อนุชา วีระ ปิยะ ศักดิ์ชัย ชัยวัฒน์ ภานุ พงศกร อภิชาติ สุรชัย ธีรพงษ์ วิชัย",
        "f": "สมหญิง ณัฐธิดา กนกวรรณ พิมพ์ชนก ศิริพร สุภาพร วรรณา อรุณี ปิยะนุช จันทร์เพ็ญ"
        " มาลี ธิดารัตน์ สุนันทา รัตนา ปวีณา",
        "last": "ใจดี สุขสวัสดิ์ ศรีสมบูรณ์ วงศ์ใหญ่ แสงทอง บุญมา ทองคำ รัตนพันธ์ จันทร์หอม"
        " พงษ์ไพบูลย์ ศรีสุข มณีรัตน์ เกษมสุข ประเสริฐวงศ์ สายทอง ชัยประเสริฐ แก้วมณี"
        " บุญเรือง ศรีวงศ์ ทองดี",
    },
    "companies": {
        "a": "สยาม|ไทยรุ่งเรือง|เจริญ|ศรีสุข|รุ่งโรจน์|มั่นคง|ทองดี|กรุงเทพ|ล้านนา|อันดามัน"
        "|เอเชีย|โกลเด้น|ชัยมงคล|พัฒนา|บางกอก|สุวรรณ|เมืองทอง|นครไทย",
        "b": "โลจิสติกส์|เทรดดิ้ง|ฟู้ดส์|อินเตอร์เนชั่นแนล|เทคโนโลยี|ซัพพลาย|การแพทย์|ก่อสร้าง"
        "|คอร์ปอเรชั่น|ดีไซน์|ซอฟต์แวร์|มาร์เก็ตติ้ง",
    },
    "q_money": "200~บาท|300~บาท|500~บาท|1,000~บาท|99~บาท",
    "q_specific": """
เราควรเก็บค่าส่งคืนสินค้าไหม
ควรยกเลิกส่งฟรีสำหรับออเดอร์ต่ำกว่า {money}ไหม
ลูกค้าอยากได้โหมดมืดในแอปไหม
ลูกค้าบ่นเรื่องคืนเงินช้าเยอะไหม
ควรเปลี่ยนขนส่งจาก{courier}ไปใช้เจ้าอื่นไหม
ถ้าขึ้นราคาแพ็กเกจ {plan} เป็น {price} ต่อเดือน ลูกค้าจะรับได้ไหม
ขั้นตอนชำระเงินยุ่งยากเกินไปไหม
ควรรองรับการผ่อนชำระไหม
ลูกค้าต้องการส่งออกข้อมูลเป็น Excel ไหม
ควรเปิดแชทซัพพอร์ต 24 ชั่วโมงไหม
ควรบังคับใช้การยืนยันตัวตนสองขั้นตอนไหม
ลูกค้าเจอ error {code} บ่อยไหม
ลูกค้าที่{city}บ่นเรื่องส่งของช้าไหม
ขั้นตอนเริ่มต้นใช้งานยาวเกินไปไหม
เราส่งการแจ้งเตือนเยอะเกินไปไหม
ควรขยายเวลาคืนสินค้าเป็น {ndays} วันไหม
ควรยกเลิกช่วงทดลองใช้ฟรีไหม
ควรส่งใบแจ้งหนี้ทางอีเมลอัตโนมัติทุกเดือนไหม
ลูกค้าองค์กรต้องการ SSO ไหม
แดชบอร์ดใหม่ใช้ง่ายกว่าเดิมไหม
ควรขึ้นยอดขั้นต่ำส่งฟรีเป็น {money}ไหม
ถ้าส่งของนานเกิน {dur} ลูกค้าจะไม่พอใจไหม
ควรให้ลูกค้าพักการสมัครสมาชิกได้ไหม
คืนเป็นคูปองแทนคืนเงินสด ลูกค้าจะรับได้ไหม
ถ้าขึ้นราคา {pct}% ปีหน้า ลูกค้าจะยกเลิกเยอะไหม
แพ็กเกจ {plan} ควรมีซัพพอร์ตทางโทรศัพท์ไหม
แอปเด้งบน {device} บ่อยไหม
ปุ่มยกเลิกสมาชิกหายากเกินไปไหม
ควรเลิกใช้แชทบอทแล้วให้คนตอบแทนไหม
รับของที่ตู้พัสดุควรส่งฟรีไหม
""",
    "q_common": """
แบบนี้ดีกับ{ลูกค้า|เขา|ทุกคน|คนใช้}ไหม
{ลูกค้า|เขา|คนส่วนใหญ่}ว่ายังไงเรื่องนี้
ถ้าเราทำ{ตอนนี้|เลย|ก่อน} จะดีกับ{เขา|ลูกค้า|ทุกคน}มากกว่าไหม
{ลูกค้า|เขา|ทุกคน}{ชอบ|อยากได้|ต้องการ}แบบนี้ไหม
เราควรทำเรื่องนี้{ตอนนี้|เลย|ทีหลัง}ไหม
{ลูกค้า|เขา|ทุกคน}จะ{ดีใจ|พอใจ|ไม่พอใจ}ไหม
อะไรดีที่สุดสำหรับ{ลูกค้า|เขา|ทุกคน}
เรื่องนี้ช่วย{ลูกค้า|เขา|ทุกคน}ได้จริงไหม
""",
}

_DATA: dict[str, dict[str, Any]] = {"en": _EN, "zh": _ZH, "ja": _JA, "th": _TH, "pl": _PL}

# --------------------------------------------------------------------------------------
# Pools: weighted (Zipf) choice of slot values.
# --------------------------------------------------------------------------------------

#: Case forms of Polish slots, in the order they are stored.
_FORMS = {
    "product": ("n", "g", "a", "i", "l"),
    "feature": ("n", "g", "a", "i", "l"),
    "city": ("n", "do", "w", "z"),
    "weekday": ("n", "od", "w"),
    "dur": ("a", "od", "po"),
    "courier": ("n", "g"),
}
#: Zipf exponent per slot; the long-tail pools are steeper.
_ZIPF = {
    "product": 1.1,
    "code": 1.2,
    "version": 1.0,
    "promo": 1.0,
    "city": 1.0,
    "courier": 1.0,
    "weekday": 0.3,
    "dur": 0.9,
    "money": 0.9,
    "price": 0.9,
    "users": 0.8,
    "seats": 0.8,
    "pct": 0.8,
    "plan": 1.0,
    "rival": 1.0,
    "device": 1.0,
    "agent": 0.7,
    "feature": 0.8,
    "ndays": 0.8,
    "nreturns": 0.8,
    "norders": 0.8,
}
_COUNTS = (10, 20, 5, 15, 50, 25, 12, 30, 40, 8, 100, 60, 75, 200, 150, 300, 500, 35, 45, 120)


class _Pool:
    """Items (tuples of forms) drawn with Zipf weights by rank: item i has weight 1/(i+1)^s."""

    __slots__ = ("cdf", "items", "last", "total")

    def __init__(self, items: Sequence[tuple[str, ...]], s: float) -> None:
        if not items:
            raise ValueError("empty pool")
        self.items = list(items)
        self.cdf = list(accumulate(1.0 / (i + 1) ** s for i in range(len(items))))
        self.total = self.cdf[-1]
        self.last = len(items) - 1

    def draw(self, u: float) -> tuple[str, ...]:
        """The item at uniform variate `u` in [0, 1)."""
        i = bisect_right(self.cdf, u * self.total)
        return self.items[i if i < self.last else self.last]


class _Serial(_Pool):
    """Uniformly drawn numbers, a tail that never repeats much (order and ticket numbers)."""

    __slots__ = ("low", "span")

    def __init__(self, low: int, high: int) -> None:
        self.low = low
        self.span = high - low

    def draw(self, u: float) -> tuple[str, ...]:
        """A number in [low, high)."""
        return (str(self.low + int(u * self.span)),)


def _prep(lang: str, text: str) -> str:
    """Chinese, Japanese, Thai: spaces become word-unit markers, ``~`` a real space."""
    if lang in _CJK:
        return text.replace(" ", _M).replace("~", " ")
    return text


def _items(lang: str, spec: str) -> list[tuple[str, ...]]:
    """Parse ``a|b|c`` (one form each) or ``a1|a2/b1|b2`` (items with forms)."""
    if "/" in spec:
        return [tuple(_prep(lang, f) for f in item.split("|")) for item in spec.split("/")]
    return [(_prep(lang, item),) for item in spec.split("|")]


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.strip().splitlines() if line.strip()]


def _pl_plural(n: int, one: str, few: str, many: str) -> str:
    """Polish noun form after the numeral n: 1 zwrot, 2-4 zwroty (not 12-14), 5 zwrotów."""
    if n == 1:
        return one
    if n % 10 in (2, 3, 4) and n % 100 not in (12, 13, 14):
        return few
    return many


_PL_UNITS = {  # sg acc, sg gen, sg loc, pl few, pl many, pl gen, pl loc
    "d": ("dzień", "dnia", "dniu", "dni", "dni", "dni", "dniach"),
    "t": ("tydzień", "tygodnia", "tygodniu", "tygodnie", "tygodni", "tygodni", "tygodniach"),
    "m": ("miesiąc", "miesiąca", "miesiącu", "miesiące", "miesięcy", "miesięcy", "miesiącach"),
}
_PL_NUMERALS = {2: ("dwa", "dwóch"), 3: ("trzy", "trzech"), 4: ("cztery", "czterech")}
_PL_DURATIONS = "2t 3d 1t 10d 5d 3t 1m 4d 2m 6t 12d 2d 14d 4t 3m 22d 5t".split()


def _pl_durations() -> list[tuple[str, ...]]:
    """Durations with their forms: czekam {a}, {od} nie działa, wróciły {po}."""
    out: list[tuple[str, ...]] = []
    for spec in _PL_DURATIONS:
        n, unit = int(spec[:-1]), _PL_UNITS[spec[-1]]
        if n == 1:
            out.append((unit[0], f"od {unit[1]}", f"po {unit[2]}"))
            continue
        acc, gen = _PL_NUMERALS.get(n, (str(n), str(n)))
        noun = _pl_plural(n, unit[0], unit[3], unit[4])
        out.append((f"{acc} {noun}", f"od {gen} {unit[5]}", f"po {gen} {unit[6]}"))
    return out


def _generated_slots(lang: str, rnd: random.Random) -> dict[str, list[tuple[str, ...]]]:
    """Long-tail pools built from parts: products, error codes, versions, promo codes."""
    data = _DATA[lang]
    types = _items(lang, data["product_types"])
    letters = "ABCDEFGHKLMNPRSTVXZ"
    products: list[tuple[str, ...]] = []
    seen: set[tuple[str, tuple[str, ...]]] = set()
    while len(products) < 4000:
        brand = rnd.choice(_BRANDS)
        model = f"{rnd.choice(letters)}{rnd.randrange(1, 1000)}"
        if rnd.random() < 0.25:
            model += " " + rnd.choice(_MODEL_SUFFIXES)
        kind = rnd.choice(types)
        name = f"{brand} {model}"
        if (name, kind) in seen:
            continue
        seen.add((name, kind))
        if lang == "pl":
            products.append(tuple(f"{form} {name}" for form in kind))
        elif lang == "zh":
            products.append((f"{name}{_M}{kind[0]}",))
        elif lang == "th":
            products.append((f"{kind[0]} {name}",))
        else:
            products.append((f"{name} {kind[0]}",))
    codes = list(_COMMON_CODES)
    known = set(codes)
    while len(codes) < 800:
        r = rnd.random()
        if r < 0.5:
            code = f"E-{rnd.randrange(1000, 10000)}"
        elif r < 0.8:
            w = rnd.choice(_CODE_WORDS)
            code = f"ERR_{w}_{rnd.choice(_CODE_STATES)}"
        elif r < 0.9:
            code = f"0x8007{rnd.randrange(1 << 16):04X}"
        else:
            code = rnd.choice("400 401 404 408 409 422 429 503 504".split())
        if code not in known:
            known.add(code)
            codes.append(code)
    versions = [
        f"{major}.{minor}.{patch}"
        for major in (5, 4, 3)
        for minor in range(12, -1, -1)
        for patch in range(9, -1, -1)
    ]
    # Mostly recent first, with some shuffling of neighbours.
    order = sorted(range(len(versions)), key=lambda i: i + rnd.gauss(0, 6))
    promos = sorted({f"{w}{n}" for w in _PROMO_WORDS for n in range(5, 55, 5)})
    rnd.shuffle(promos)
    slots: dict[str, list[tuple[str, ...]]] = {
        "product": products,
        "code": [(c,) for c in codes],
        "version": [(versions[i],) for i in order],
        "promo": [(p,) for p in promos],
        "device": [(d,) for d in _DEVICES],
        "plan": [(p,) for p in _PLANS],
        "rival": [(r,) for r in _RIVALS],
        "users": [(str(n),) for n in _COUNTS],
    }
    names = data["names"]
    if lang == "ja":
        slots["agent"] = [(n,) for n in names["sur"].split()]
    elif lang == "zh":
        slots["agent"] = [(f"小{n}",) for n in names["sur"].split()]
    else:
        both = [
            x for pair in zip(names["f"].split(), names["m"].split(), strict=False) for x in pair
        ]
        slots["agent"] = [(n,) for n in both]
    if lang == "pl":
        slots["dur"] = _pl_durations()
        slots["seats"] = [
            (f"{n} {_pl_plural(n, 'licencję', 'licencje', 'licencji')}",) for n in _COUNTS
        ]
        counts = (3, 2, 5, 4, 10, 6, 8, 12, 22, 15)
        slots["nreturns"] = [
            (f"{n} {_pl_plural(n, 'zwrot', 'zwroty', 'zwrotów')}",) for n in counts
        ]
        slots["norders"] = [
            (f"{n} {_pl_plural(n, 'zamówienie', 'zamówienia', 'zamówień')}",) for n in counts
        ]
    else:
        slots["seats"] = slots["users"]
    for name, spec in data["slots"].items():
        slots[name] = _items(lang, spec)
    return slots


# --------------------------------------------------------------------------------------
# Customers: several thousand companies and people; activity is Zipf-distributed.
# --------------------------------------------------------------------------------------


class _Customer(NamedTuple):
    name: str
    segment: int  # index into SEGMENTS
    gender: int  # 0 = male, 1 = female (of the person writing)
    signature: str  # how the writer signs: first name, or surname in Japanese


@cache
def _words(text: str, sep: str | None = None) -> tuple[str, ...]:
    return tuple(text.split(sep))


def _person(lang: str, rnd: random.Random) -> tuple[str, int, str]:
    """A person's full name, gender and signature."""
    names = _DATA[lang]["names"]
    gender = int(rnd.random() < 0.5)
    given = rnd.choice(_words(names["f" if gender else "m"]))
    if lang == "zh":
        sur = rnd.choice(_words(names["sur"]))
        return sur + given, gender, sur + given
    if lang == "ja":
        sur = rnd.choice(_words(names["sur"]))
        return f"{sur} {given}", gender, sur
    last = rnd.choice(_words(names["last"]))
    if lang == "pl" and gender:
        for male, female in (("ski", "ska"), ("cki", "cka"), ("dzki", "dzka")):
            if last.endswith(male):
                last = last[: -len(male)] + female
                break
    return f"{given} {last}", gender, given


def _company(lang: str, rnd: random.Random) -> str:
    """A company name in the style of the language's market."""
    parts = _DATA[lang]["companies"]
    a, b = rnd.choice(_words(parts["a"], "|")), rnd.choice(_words(parts["b"], "|"))
    if lang == "en":
        return f"{a} {b}{rnd.choice(_words(parts['c'], '|'))}"
    if lang == "pl":
        if rnd.random() < 0.25:
            return rnd.choice(_words(parts["shops"], "|"))
        prefix = "PHU " if rnd.random() < 0.15 else ""
        return f"{prefix}{a}{b}{rnd.choice(_words(parts['c'], '|'))}"
    if lang == "zh":
        return f"{a}{b}{rnd.choice(_words(parts['c'], '|'))}有限公司"
    if lang == "ja":
        r = rnd.random()
        if r < 0.5:
            return f"株式会社{a}{b}"
        return f"{a}{b}株式会社" if r < 0.9 else f"有限会社{a}{b}"
    if rnd.random() < 0.8:
        return f"บริษัท {a}{b} จำกัด"
    return f"ห้างหุ้นส่วนจำกัด {a}{b}"


def _customers(lang: str, n: int, rnd: random.Random) -> list[_Customer]:
    """n distinct customers: people are consumers, companies enterprise to smb."""
    out: list[_Customer] = []
    seen: set[str] = set()
    company_segments = (0.15, 0.30, 0.55)
    while len(out) < n:
        if rnd.random() < 0.4:
            name, gender, sig = _person(lang, rnd)
            segment = 3
        else:
            name = _company(lang, rnd)
            segment = rnd.choices((0, 1, 2), weights=company_segments)[0]
            _, gender, sig = _person(lang, rnd)  # the contact who writes for the company
        if name in seen:
            continue
        seen.add(name)
        out.append(_Customer(name, segment, gender, sig))
    return out


# --------------------------------------------------------------------------------------
# Templates
# --------------------------------------------------------------------------------------

_SLOT_RE = re.compile(r"\{(\^?)([^{}]+)\}")
_FIELDS = {"customer": 0, "name": 1}
# A compiled template: (static text per gender, word count per gender, parts or None).
_Part = tuple[Any, ...]
_Template = tuple[tuple[str, str], tuple[int, int], tuple[_Part, ...] | None]


def _count_words(lang: str, text: str) -> int:
    """Words of a rendered sentence: whitespace-separated, or units in CJK and Thai."""
    if lang in _CJK:
        return len(text.replace(_M, " ").split())
    return len(text.split())


def _compile(lang: str, text: str, pools: dict[str, _Pool]) -> _Template:
    """Parse ``{slot}``, ``{slot.form}``, ``{^slot}`` (capitalised), ``{male|female}``."""
    text = _prep(lang, text)
    parts: list[_Part] = []
    pos = 0
    dynamic = False
    for match in _SLOT_RE.finditer(text):
        if match.start() > pos:
            parts.append((0, text[pos : match.start()]))
        cap, body = match.group(1) == "^", match.group(2)
        if "|" in body:
            male, female = body.split("|")
            parts.append((2, (male, female)))
        elif body in _FIELDS:
            parts.append((3, _FIELDS[body]))
            dynamic = True
        else:
            name, _, form = body.partition(".")
            if name not in pools:
                raise KeyError(f"unknown slot {name!r} in {lang} template {text!r}")
            index = _FORMS[name].index(form) if form else 0
            parts.append((1, pools[name], index, cap))
            dynamic = True
        pos = match.end()
    if pos < len(text):
        parts.append((0, text[pos:]))
    if dynamic:
        return ("", ""), (0, 0), tuple(parts)
    static = tuple("".join(p[1] if p[0] == 0 else p[1][g] for p in parts) for g in (0, 1))
    return (
        (static[0], static[1]),
        (_count_words(lang, static[0]), _count_words(lang, static[1])),
        None,
    )


_TONES = ("pos", "neg", "neu")
_SENTIMENT_KEYS = ("pos", "neg", "neu", "mixed")  # per SENTIMENTS
_ID_PREFIX = {
    "zendesk": "ticket",
    "survey": "survey",
    "app-review": "review",
    "sales-call": "call",
    "nps": "nps",
}


class _Language(NamedTuple):
    """One language's compiled templates."""

    code: str
    # sentences[source][topic][tone] -> templates, weighted by repetition
    sentences: list[list[list[list[_Template]]]]
    bridges: tuple[list[_Template], list[_Template]]  # pos->neg, neg->pos
    openers: list[list[list[_Template]]]  # [source][sentiment]
    closers: list[list[list[_Template]]]


def _build_language(lang: str, rnd: random.Random) -> _Language:
    data = _DATA[lang]
    slots = _generated_slots(lang, rnd)
    base = {name: _Pool(items, _ZIPF.get(name, 1.0)) for name, items in slots.items()}
    base["order"] = _Serial(1_000_000, 10_000_000)

    def compile_all(texts: str, pools: dict[str, _Pool]) -> list[_Template]:
        return [_compile(lang, line, pools) for line in _lines(texts)]

    by_topic: list[list[list[list[_Template]]]] = []  # [topic][source][tone]
    for topic in TOPICS:
        features = _Pool(_items(lang, data["features"][topic]), _ZIPF["feature"])
        pools = {**base, "feature": features}
        own = [compile_all(data["topics"][topic][t], pools) for t in _TONES]
        generic = [compile_all(data["any"][t], pools) for t in _TONES]
        sales = [compile_all(data["sales"][t], pools) for t in _TONES]
        per_source = []
        for source in SOURCES:
            if source == "sales-call":
                per_source.append([own[t] * 2 + generic[t] + sales[t] * 3 for t in range(3)])
            else:
                per_source.append([own[t] * 3 + generic[t] for t in range(3)])
        by_topic.append(per_source)
    sentences = [[by_topic[t][s] for t in range(len(TOPICS))] for s in range(len(SOURCES))]
    bridges = (
        compile_all(data["bridge"]["pos_neg"], base),
        compile_all(data["bridge"]["neg_pos"], base),
    )

    def edges(key: str) -> list[list[list[_Template]]]:
        out = []
        for source in SOURCES:
            spec = data[key].get(source, {})
            row = []
            for sentiment in _SENTIMENT_KEYS:
                text = spec.get(sentiment) or spec.get("any") or ""
                row.append([_compile(lang, line, base) for line in text.split("\n") if line])
            out.append(row)
        return out

    return _Language(lang, sentences, bridges, edges("open"), edges("close"))


def _uniforms(rng: np.random.Generator) -> Iterator[float]:
    """An endless stream of uniform variates, drawn in bulk."""
    while True:
        yield from rng.random(1 << 16).tolist()


def _cumulative(table: Mapping[str, Sequence[float]], keys: Sequence[str]) -> np.ndarray:
    rows = np.array([table[k] for k in keys], dtype=float)
    rows /= rows.sum(axis=1, keepdims=True)
    return np.cumsum(rows, axis=1)


def _conditional(rng: np.random.Generator, cum: np.ndarray) -> np.ndarray:
    """One category per row of `cum` (cumulative probabilities)."""
    u = rng.random(len(cum))
    chosen: np.ndarray = np.minimum((cum <= u[:, None]).sum(axis=1), cum.shape[1] - 1)
    return chosen


#: (external_id, source, customer, segment, sentiment, created_at, text, language, words)
RowTuple = tuple[str, str, str, str, str, str, str, str, int]


def _rows(rows: int, seed: int, end: date = END_DATE) -> Iterator[RowTuple]:
    """The rows of a corpus, streamed; see `iter_rows`."""
    build_seq, rows_seq, text_seq = np.random.SeedSequence(seed).spawn(3)
    # Vocabulary and customers: many small draws, so Python's generator, seeded from numpy's.
    build = random.Random(int(np.random.default_rng(build_seq).integers(1 << 62)))
    languages = [_build_language(lang, build) for lang in LANGUAGES]
    customers: list[_Customer] = []
    # Per (language, segment): the customers' indexes, in activity rank order, and the
    # cumulative Zipf weights of that rank.
    groups: list[list[tuple[np.ndarray, np.ndarray]]] = []
    for lang in LANGUAGES:
        first = len(customers)
        customers += _customers(lang, _CUSTOMERS[lang], build)
        per_segment = []
        for seg in range(len(SEGMENTS)):
            members = np.array(
                [first + i for i, c in enumerate(customers[first:]) if c.segment == seg]
            )
            weights = 1.0 / np.arange(1, len(members) + 1) ** _SEGMENT_ZIPF[seg]
            per_segment.append((members, np.cumsum(weights) / weights.sum()))
        groups.append(per_segment)
    segment_cdf = np.cumsum(_SEGMENT_SHARE) / sum(_SEGMENT_SHARE)
    lang_cdf = np.cumsum(LANGUAGE_SHARE) / sum(LANGUAGE_SHARE)
    source_cum = _cumulative(_SOURCE_BY_SEGMENT, SEGMENTS)
    sentiment_cum = _cumulative(_SENTIMENT_BY_SOURCE, SOURCES)
    topic_cum = _cumulative(_TOPIC_BY_SOURCE, SOURCES)
    mu = np.log([_LENGTH_BY_SOURCE[s][0] for s in SOURCES])
    sigma = np.array([_LENGTH_BY_SOURCE[s][1] for s in SOURCES])
    open_close = [_OPEN_CLOSE[s] for s in SOURCES]
    prefixes = [_ID_PREFIX[s] for s in SOURCES]
    start = np.datetime64(end - timedelta(days=SPAN_DAYS), "s")
    span_seconds = SPAN_DAYS * 86_400

    rr = np.random.default_rng(rows_seq)
    nextu = _uniforms(np.random.default_rng(text_seq)).__next__
    marker = _M

    def render(
        tpl: _Template,
        cache: dict[_Pool, tuple[str, ...]],
        g: int,
        fields: tuple[str, str],
        cjk: bool,
    ) -> tuple[str, int]:
        static, counts, parts = tpl
        if parts is None:
            return static[g], counts[g]
        out = []
        for p in parts:
            kind = p[0]
            if kind == 0:
                out.append(p[1])
            elif kind == 1:
                pool = p[1]
                item = cache.get(pool)
                if item is None:
                    item = cache[pool] = pool.draw(nextu())
                value = item[p[2]]
                if p[3]:
                    value = value[:1].upper() + value[1:]
                out.append(value)
            elif kind == 2:
                out.append(p[1][g])
            else:
                out.append(fields[p[1]])
        text = "".join(out)
        if cjk:
            return text, len(text.replace(marker, " ").split())
        return text, len(text.split())

    for base in range(0, rows, CHUNK):
        n = min(CHUNK, rows - base)
        lang_i = np.minimum(np.searchsorted(lang_cdf, rr.random(CHUNK), side="right"), 4)
        seg_i = np.minimum(np.searchsorted(segment_cdf, rr.random(CHUNK), side="right"), 3)
        u = rr.random(CHUNK)
        cust = np.empty(CHUNK, dtype=np.int64)
        for li in range(len(LANGUAGES)):
            for seg in range(len(SEGMENTS)):
                mask = (lang_i == li) & (seg_i == seg)
                members, cdf = groups[li][seg]
                idx = np.searchsorted(cdf, u[mask], side="right")
                cust[mask] = members[np.minimum(idx, len(members) - 1)]
        src = _conditional(rr, source_cum[seg_i])
        sent = _conditional(rr, sentiment_cum[src])
        topic = _conditional(rr, topic_cum[src])
        topic2 = _conditional(rr, topic_cum[src])
        topic3 = _conditional(rr, topic_cum[src])
        topic4 = _conditional(rr, topic_cum[src])
        target = np.exp(mu[src] + sigma[src] * rr.standard_normal(CHUNK))
        # The few targets past the cap are spread over the long end instead of piling up.
        spread = rr.uniform(0.5 * MAX_WORDS, MAX_WORDS, CHUNK)
        target = np.where(target > MAX_WORDS, spread, target)
        target = np.clip(np.rint(target), MIN_WORDS, MAX_WORDS).astype(np.int64)
        seconds = (np.sqrt(rr.random(CHUNK)) * span_seconds).astype(np.int64)
        stamps = np.datetime_as_string(start + seconds.astype("timedelta64[s]"), unit="s")
        columns = zip(
            lang_i[:n].tolist(),
            cust[:n].tolist(),
            src[:n].tolist(),
            sent[:n].tolist(),
            topic[:n].tolist(),
            topic2[:n].tolist(),
            topic3[:n].tolist(),
            topic4[:n].tolist(),
            target[:n].tolist(),
            stamps[:n].tolist(),
            strict=True,
        )
        for i, (li, ci, si, ti, tp1, tp2, tp3, tp4, goal, stamp) in enumerate(columns):
            language = languages[li]
            cjk = li in (1, 2, 3)
            customer = customers[ci]
            g = customer.gender
            fields = (customer.name, customer.signature)
            cache: dict[_Pool, tuple[str, ...]] = {}
            parts: list[str] = []
            words = 0
            p_open, p_close = open_close[si]
            if p_open and nextu() < p_open:
                choices = language.openers[si][ti]
                if choices:
                    s, w = render(choices[int(nextu() * len(choices))], cache, g, fields, cjk)
                    parts.append(s)
                    words += w
            pools = language.sentences[si]
            mixed = ti == 3
            # Tone of the first sentence: 0 positive, 1 negative, 2 neutral; mixed rows
            # open with either and then turn.
            first = (0 if nextu() < 0.5 else 1) if mixed else ti
            k = 0
            bridged = False
            used: set[int] = set()
            topics = (tp1, tp2, tp3, tp4)
            attempts = 0
            while attempts < 60:
                attempts += 1
                if k and words >= goal and (k >= 2 or not mixed):
                    break
                if k == 0:
                    tone = first
                elif mixed:
                    if k == 1:
                        if not bridged and nextu() < 0.5:
                            bridged = True
                            choices = language.bridges[first]
                            s, w = render(
                                choices[int(nextu() * len(choices))], cache, g, fields, cjk
                            )
                            if words + w <= MAX_WORDS:
                                parts.append(s)
                                words += w
                            continue
                        tone = 1 - first
                    else:
                        r = nextu()
                        tone = 0 if r < 0.35 else (1 if r < 0.7 else 2)
                elif first == 2:
                    tone = 2
                else:
                    tone = first if nextu() < 0.72 else 2
                choices = pools[topics[min(words // _TOPIC_SWITCH_WORDS, 3)]][tone]
                tpl = choices[int(nextu() * len(choices))]
                redraws = _REDRAWS
                while id(tpl) in used and redraws:
                    tpl = choices[int(nextu() * len(choices))]
                    redraws -= 1
                s, w = render(tpl, cache, g, fields, cjk)
                done = k > 0 and words >= MIN_WORDS and (k >= 2 or not mixed)
                # Stop rather than overshoot the target by more than we fall short of it.
                if done and words + w > goal and words + w - goal > goal - words:
                    break
                if words + w > MAX_WORDS:
                    if done:
                        break
                    continue
                used.add(id(tpl))
                parts.append(s)
                words += w
                k += 1
            if p_close and nextu() < p_close:
                choices = language.closers[si][ti]
                if choices:
                    s, w = render(choices[int(nextu() * len(choices))], cache, g, fields, cjk)
                    if words + w <= MAX_WORDS:
                        parts.append(s)
                        words += w
            if li == 0 or li == 4:
                text = " ".join(parts)
            else:
                text = ("".join(parts) if li != 3 else " ".join(parts)).replace(marker, "")
                if li == 3 or "  " in text or text[:1] == " " or text[-1:] == " ":
                    text = " ".join(text.split())
            yield (
                f"{prefixes[si]}-{base + i + 1:07d}",
                SOURCES[si],
                customer.name,
                SEGMENTS[customer.segment],
                SENTIMENTS[ti],
                stamp + "Z",
                text,
                LANGUAGES[li],
                words,
            )


class Row(NamedTuple):
    """One generated snippet, with its language and length in words (CJK/Thai: word units)."""

    external_id: str
    source: str
    customer: str
    segment: str
    sentiment: str
    created_at: str
    text: str
    language: str
    words: int


def iter_rows(rows: int, seed: int, end: date = END_DATE) -> Iterator[Row]:
    """Stream `rows` rows for `seed`; the CSV columns plus language and word count.

    Chinese, Japanese and Thai lengths count the generator's word units (the text itself
    has no spaces between words); English and Polish count whitespace-separated words.
    """
    for row in _rows(rows, seed, end):
        yield Row(*row)


def generate(
    rows: int,
    out_path: str | Path,
    seed: int,
    *,
    end: date = END_DATE,
    stats: dict[str, list[int]] | None = None,
) -> None:
    """Write a CSV corpus of `rows` snippets to `out_path`, streaming (constant memory).

    The same `rows`, `seed` and `end` give byte-identical files, and a shorter file is a
    prefix of a longer one. If `stats` is given it receives, per language code, a
    histogram of word counts (index = words, 0 to MAX_WORDS).
    """
    path = Path(out_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(HEADER)
        batch: list[tuple[str, ...]] = []
        for row in _rows(rows, seed, end):
            batch.append(row[:7])
            if stats is not None:
                stats.setdefault(row[7], [0] * (MAX_WORDS + 1))[row[8]] += 1
            if len(batch) >= 4096:
                writer.writerows(batch)
                batch.clear()
        writer.writerows(batch)


# --------------------------------------------------------------------------------------
# Questions
# --------------------------------------------------------------------------------------


def _expand(pattern: str) -> list[str]:
    """All sentences of a pattern with ``{a|b|c}`` alternatives."""
    pieces = re.split(r"\{([^{}]*\|[^{}]*)\}", pattern)
    options = [[p] if i % 2 == 0 else p.split("|") for i, p in enumerate(pieces)]
    return ["".join(choice) for choice in product(*options)]


def _question_slots(lang: str) -> dict[str, list[tuple[str, ...]]]:
    data = _DATA[lang]
    slots = {name: _items(lang, spec) for name, spec in data["slots"].items()}
    slots["money"] = _items(lang, data["q_money"])
    slots["code"] = [(c,) for c in _COMMON_CODES]
    slots["device"] = [(d,) for d in _DEVICES[:12]]
    slots["plan"] = [(p,) for p in _PLANS[:5]]
    slots["users"] = [(str(n),) for n in _COUNTS if n >= 20]
    if lang == "pl":
        slots["dur"] = _pl_durations()
    return slots


def _quotas(n: int) -> list[int]:
    """Questions per language: the corpus shares, rounded; English takes the remainder."""
    others = [round(n * share) for share in LANGUAGE_SHARE[1:]]
    return [n - sum(others), *others]


def questions(n: int = 500, seed: int = 7) -> list[dict[str, str]]:
    """`n` meeting questions in the corpus's language mix, ``COMMON_SHARE`` of them common.

    Each is ``{"id", "language", "question", "kind"}``; kind "specific" names a product
    topic (returns, pricing, dark mode...), kind "common" is made of very common words
    ("Is this good for the customer?"). Deterministic for a seed.
    """
    rnd = random.Random(seed)
    out: list[tuple[str, str, str]] = []
    for lang, count in zip(LANGUAGES, _quotas(n), strict=True):
        data = _DATA[lang]
        n_common = round(count * COMMON_SHARE)
        common = [q for line in _lines(data["q_common"]) for q in _expand(line)]
        picked = rnd.sample(common, min(n_common, len(common)))
        picked += [rnd.choice(common) for _ in range(n_common - len(picked))]
        out += [(lang, q, "common") for q in picked]
        slots = _question_slots(lang)
        templates = _lines(data["q_specific"])
        seen: set[str] = set()
        specific: list[str] = []
        for _ in range(200 * count):
            if len(specific) == count - n_common:
                break
            question = _fill(rnd.choice(templates), slots, rnd)
            if question not in seen:
                seen.add(question)
                specific.append(question)
        while len(specific) < count - n_common:  # more asked than distinct questions exist
            specific.append(_fill(rnd.choice(templates), slots, rnd))
        out += [(lang, q, "specific") for q in specific]
    rnd.shuffle(out)
    return [
        {"id": f"q-{i:04d}", "language": lang, "question": q, "kind": kind}
        for i, (lang, q, kind) in enumerate(out, start=1)
    ]


def _fill(template: str, slots: dict[str, list[tuple[str, ...]]], rnd: random.Random) -> str:
    def value(match: re.Match[str]) -> str:
        name, _, form = match.group(2).partition(".")
        item = rnd.choice(slots[name])
        return item[_FORMS[name].index(form) if form else 0]

    return " ".join(_SLOT_RE.sub(value, template).replace(_M, "").split())


# --------------------------------------------------------------------------------------
# Command line
# --------------------------------------------------------------------------------------


def _summary(stats: dict[str, list[int]]) -> str:
    total = sum(sum(h) for h in stats.values())
    lines = [
        f"{'lang':<5}{'rows':>10}{'share':>8}{'p10':>6}{'p50':>6}{'p90':>6}{'p99':>6}{'max':>6}"
    ]
    merged = [0] * (MAX_WORDS + 1)
    for lang in (*LANGUAGES, "all"):
        if lang == "all":
            hist = merged
        else:
            hist = stats.get(lang, [0] * (MAX_WORDS + 1))
            merged = [a + b for a, b in zip(merged, hist, strict=True)]
        count = sum(hist)
        if not count:
            continue
        cum = np.cumsum(hist)
        pct = [int(np.searchsorted(cum, q * count)) for q in (0.1, 0.5, 0.9, 0.99)]
        top = max(i for i, c in enumerate(hist) if c)
        lines.append(
            f"{lang:<5}{count:>10,}{count / total:>8.1%}"
            + "".join(f"{p:>6}" for p in pct)
            + f"{top:>6}"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=10_000, help="rows to generate")
    parser.add_argument("--out", type=Path, help="CSV path (default bench/out/feedback-N.csv)")
    parser.add_argument("--questions", type=Path, help="also write questions to this JSONL path")
    parser.add_argument("--n-questions", type=int, default=500, help="how many questions")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--end-date",
        type=date.fromisoformat,
        default=END_DATE,
        help=f"dates fall in the 3 years before this day (default {END_DATE})",
    )
    parser.add_argument("--stats", action="store_true", help="print language/length stats")
    args = parser.parse_args(argv)
    if args.rows < 0 or args.n_questions < 0:
        parser.error("--rows and --n-questions must not be negative")
    out = args.out or Path("bench/out") / f"feedback-{args.rows}.csv"
    stats: dict[str, list[int]] | None = {} if args.stats else None
    started = time.perf_counter()
    generate(args.rows, out, args.seed, end=args.end_date, stats=stats)
    elapsed = time.perf_counter() - started
    size = out.stat().st_size
    print(
        f"wrote {args.rows:,} rows to {out} ({size / 1e6:.1f} MB) in {elapsed:.1f}s",
        file=sys.stderr,
    )
    if stats is not None:
        print(_summary(stats), file=sys.stderr)
    if args.questions:
        args.questions.parent.mkdir(parents=True, exist_ok=True)
        items = questions(args.n_questions, args.seed)
        with args.questions.open("w", encoding="utf-8", newline="\n") as handle:
            for item in items:
                handle.write(json.dumps(item, ensure_ascii=False) + "\n")
        print(f"wrote {len(items)} questions to {args.questions}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
