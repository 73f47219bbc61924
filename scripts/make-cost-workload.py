#!/usr/bin/env python3
"""Writes data/cost-workload.jsonl, the workload `cachectl bench cost` replays by default.

The recipe (deterministic: the same file every run):
- one long shared system prompt, a customer-support handbook of about 5,000 tokens, sent with every
  support question (the prompt-caching layer's opportunity);
- 24 support questions asked once, 12 of them asked twice more word for word (the exact layer's
  opportunity), and a paraphrase of each of the 24 (the semantic layer's opportunity);
- three long contracts (about 14,000 characters each) with three questions each, four asked twice
  (large tasks the router keeps on the standard tier);
- four short tasks marked as needing deep reasoning (the router sends them to the premium tier);
- six creative requests at temperature 0.8, which no cache may answer;
- four long support chats (24 earlier turns, about 6,000 tokens of history each) with two follow-up
  questions each, tagged feature=chat (the token budgets' opportunity: the history is trimmed);
- 23 latency-tolerant calls tagged feature=nightly, which may wait for a batch: an archive summary of each
  contract, ten ticket classifications, and ten support questions re-asked word for word for a help-centre
  refresh (the batch's opportunity, and, cache first, the exact cache's);
- every call names claude-sonnet-4-5, as an application without a router would; the order is shuffled with
  a fixed seed.
"""
import json
import random
from pathlib import Path

TOPICS = [
    "refunds", "password resets", "two-factor authentication", "invoices", "plan upgrades", "plan downgrades",
    "data export", "account deletion", "team invitations", "single sign-on", "API keys", "rate limits",
    "webhooks", "billing addresses", "tax exemptions", "outages", "maintenance windows", "data retention",
    "GDPR requests", "mobile apps", "browser support", "integrations", "usage reports", "trial extensions",
    "nonprofit discounts", "payment failures", "currency changes", "audit logs", "role permissions",
    "support hours",
]
RULES = [
    "Agents confirm the customer's identity with the account email and the last four digits of the card on file before discussing {t}.",
    "For {t}, the first reply quotes the relevant help-centre article and states the expected time to resolution.",
    "Requests about {t} from enterprise customers are escalated to the account manager within one business day.",
    "An agent never promises a change to {t} that the written policy does not allow; exceptions need a team lead.",
    "Every conversation about {t} ends with a summary of what was done and what the customer should expect next.",
    "When a customer reports a problem with {t} a second time, the ticket is tagged for review by the product team.",
]

QUESTIONS = [
    ("How do I reset my password?", "I forgot my password, how can I change it?"),
    ("How do I turn on two-factor authentication?", "Where do I enable 2FA for my account?"),
    ("Can I get a refund for last month?", "Is it possible to be refunded for the previous month?"),
    ("Where can I download my invoices?", "How do I find my past invoices?"),
    ("How do I upgrade to the business plan?", "What are the steps to move to the business plan?"),
    ("How do I downgrade my plan?", "Can I switch to a cheaper plan?"),
    ("How can I export all my data?", "Is there a way to download a copy of all my data?"),
    ("How do I delete my account?", "What do I do to close my account permanently?"),
    ("How do I invite a teammate?", "How can I add a colleague to my team?"),
    ("Do you support single sign-on with Okta?", "Can we log in through Okta SSO?"),
    ("How do I rotate my API key?", "How can I replace my API key with a new one?"),
    ("What are the API rate limits?", "How many API requests can I make per minute?"),
    ("How do I set up a webhook?", "Where do I configure webhooks?"),
    ("How do I change my billing address?", "Where can I update the address on my invoices?"),
    ("Is there a status page for outages?", "Where can I check if the service is down?"),
    ("How long do you keep deleted data?", "What is your data retention period after deletion?"),
    ("How do I file a GDPR data request?", "How can I ask for my personal data under GDPR?"),
    ("Is there a mobile app for Android?", "Can I use the service on my Android phone?"),
    ("Which browsers do you support?", "What web browsers work with the app?"),
    ("Can I extend my free trial?", "Is it possible to get more time on the trial?"),
    ("Do you offer discounts for nonprofits?", "Is there a nonprofit discount?"),
    ("Why did my payment fail?", "My card payment was declined, what happened?"),
    ("How do I see the audit log?", "Where can I view the account's audit trail?"),
    ("What are your support hours?", "When is your support team available?"),
]

CONTRACT_CLAUSES = [
    "The Supplier shall deliver the Services described in Schedule {n} with reasonable skill and care.",
    "Either party may terminate this Agreement on {n} days' written notice if the other commits a material breach.",
    "Fees are invoiced monthly in arrears and are payable within {n} days of the invoice date.",
    "The Supplier's total liability under this Agreement shall not exceed {n} times the fees paid in the prior year.",
    "Confidential Information shall be protected for {n} years after the end of this Agreement.",
    "Service credits of {n} percent of the monthly fee apply for each full hour of unavailability beyond the target.",
    "The Customer may audit the Supplier's compliance once every {n} months on reasonable notice.",
    "Personal data shall be processed only on documented instructions and deleted within {n} days of termination.",
]
CONTRACT_QUESTIONS = [
    "Summarise the termination rights in this contract.",
    "What is the supplier's liability cap?",
    "List every deadline stated in this contract.",
]
DEEP = [
    "Prove that there are infinitely many primes, then explain which step fails for a finite list.",
    "Design a consistent-hashing scheme for a cache of 64 nodes and analyse the load after one node fails.",
    "Compare three strategies for cache invalidation in a multi-region system and recommend one with reasons.",
    "Find the flaw in this argument: every cache hit saves money, so a bigger cache always saves more.",
]
CREATIVE = [
    "Write a short poem about a cache that never forgets.",
    "Invent a slogan for a support team.",
    "Write a haiku about retries.",
    "Tell a one-paragraph story about a lost invoice.",
    "Suggest a name for a mascot of a billing team.",
    "Write a limerick about two-factor authentication.",
]


CHAT_TOPICS = ["a failed payment", "a locked account", "a missing invoice", "a webhook that stopped firing"]


def conversation(topic: str, seed: int) -> list:
    """24 alternating turns about `topic`, each about 250 tokens."""
    rng = random.Random(seed)
    turns = []
    for number in range(24):
        role = "user" if number % 2 == 0 else "assistant"
        details = " ".join(
            f"Detail {number}.{k}: the customer mentions {rng.choice(TOPICS)} and the reference {rng.randint(1000, 9999)}."
            for k in range(10)
        )
        speaker = "Customer" if role == "user" else "Agent"
        turns.append({"role": role, "text": f"{speaker} on {topic}, turn {number + 1}. {details}"})
    return turns


def handbook() -> str:
    sections = []
    for number, topic in enumerate(TOPICS, start=1):
        rules = " ".join(rule.format(t=topic) for rule in RULES)
        sections.append(f"Section {number}: {topic.capitalize()}. {rules}")
    return "You are the support assistant of Example Cloud. Follow this handbook.\n\n" + "\n\n".join(sections)


def contract(name: str, seed: int) -> str:
    rng = random.Random(seed)
    parts = [f"Master services agreement {name}."]
    clause = 1
    while sum(len(p) for p in parts) < 14_000:
        template = rng.choice(CONTRACT_CLAUSES)
        parts.append(f"{clause}. " + template.format(n=rng.randint(2, 90)))
        clause += 1
    return "\n".join(parts)


def main() -> None:
    rng = random.Random(20261122)
    calls = []
    support = {"system": "handbook", "max_tokens": 300, "temperature": 0}
    for question, paraphrase in QUESTIONS:
        calls.append({**support, "prompt": question})
        calls.append({**support, "prompt": paraphrase})
    for question, _ in QUESTIONS[:12]:
        calls += [{**support, "prompt": question}, {**support, "prompt": question}]
    contracts = ["contract-a", "contract-b", "contract-c"]
    document_calls = []
    for name in contracts:
        for question in CONTRACT_QUESTIONS:
            document_calls.append({"document": name, "prompt": question, "max_tokens": 600, "temperature": 0})
    calls += document_calls + document_calls[:4]
    for task in DEEP:
        calls.append({"prompt": task, "max_tokens": 800, "temperature": 0, "deep_reasoning": True})
    for task in CREATIVE:
        calls.append({"prompt": task, "max_tokens": 200, "temperature": 0.8})
    chats = [f"chat-{index + 1}" for index in range(len(CHAT_TOPICS))]
    for name, topic in zip(chats, CHAT_TOPICS):
        for follow_up in ("What should I do next?", "Can you summarise what we tried so far?"):
            calls.append({"system": "chat-assistant", "conversation": name, "prompt": f"About {topic}: {follow_up}",
                          "max_tokens": 300, "temperature": 0, "feature": "chat"})
    nightly = {"latency_tolerant": True, "feature": "nightly", "temperature": 0}
    for name in contracts:
        calls.append({**nightly, "document": name, "max_tokens": 400,
                      "prompt": "Write a one-paragraph summary of this contract for the archive."})
    for question, _ in QUESTIONS[:10]:
        calls.append({**nightly, "max_tokens": 20,
                      "prompt": f"Classify this ticket as billing, account or technical: {question}"})
    for question, _ in QUESTIONS[12:22]:
        calls.append({**support, **nightly, "prompt": question})
    rng.shuffle(calls)

    out = Path(__file__).resolve().parent.parent / "data" / "cost-workload.jsonl"
    with out.open("w") as file:
        file.write(json.dumps({"type": "text", "name": "handbook", "text": handbook()}) + "\n")
        for index, name in enumerate(contracts):
            file.write(json.dumps({"type": "text", "name": name, "text": contract(name, index)}) + "\n")
        file.write(json.dumps({"type": "text", "name": "chat-assistant",
                               "text": "You are the support chat assistant of Example Cloud. Be brief."}) + "\n")
        for index, (name, topic) in enumerate(zip(chats, CHAT_TOPICS)):
            file.write(json.dumps({"type": "conversation", "name": name, "turns": conversation(topic, index)}) + "\n")
        for call in calls:
            file.write(json.dumps({"type": "call", "model": "claude-sonnet-4-5", **call}) + "\n")
    print(f"wrote {len(calls)} calls to {out}")


if __name__ == "__main__":
    main()
