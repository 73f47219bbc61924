#!/usr/bin/env python3
"""A matrix of official-SDK calls through the caching proxy (`cachectl serve` in front of the provider simulator).

Each case makes a call the way an application writes it with the latest `anthropic` or `openai` SDK and asserts:
the call parses; its repeat is `x-cache: hit-exact` (every case here is cacheable under the proxy's default cache
mode, `all`); a variant that differs only in the field under test is a miss (it changes the answer, so it is
keyed) or a hit (it cannot, so it is not); and the simulator, recording what it received, got the field as the
SDK sent it (body member or header). Exits 1 on any failure.
"""

import json
import urllib.parse
import urllib.request
import uuid

import anthropic
import openai
import pydantic

from sdk_check import check, finish, guarded, proxy_urls

MESSAGES = "POST /v1/messages"
CHAT = "POST /v1/chat/completions"
RESPONSES = "POST /v1/responses"
PDF = "JVBERi0xLjQKJcfsj6IKMSAwIG9iago8PD4+CmVuZG9iagp0cmFpbGVyCjw8Pj4KJSVFT0YK"


def last_request(simulator_url, route):
    query = "route=" + urllib.parse.quote(route, safe="")
    with urllib.request.urlopen(f"{simulator_url}/simulator/last-request?{query}", timeout=10) as response:
        return json.load(response)


def run_anthropic(proxy_url, simulator_url):
    print("anthropic", anthropic.__version__, "through the proxy: fidelity matrix")
    client = anthropic.Anthropic(base_url=proxy_url, api_key="sk-ant-fidelity", max_retries=0)
    model = "claude-haiku-4-5"

    def create(question, **options):
        raw = client.messages.with_raw_response.create(
            model=model, max_tokens=32, messages=[{"role": "user", "content": question}], **options)
        message = raw.parse()
        check(isinstance(message, anthropic.types.Message), f"{question}: parses as Message")
        return raw.headers.get("x-cache")

    def no_temperature():
        question = f"No temperature {uuid.uuid4()}"
        check(create(question) == "miss", "messages.create without temperature: miss")
        check(create(question) == "hit-exact", "messages.create without temperature: its repeat is a hit")

    def beta():
        question = f"Beta {uuid.uuid4()}"
        for expected in ("miss", "hit-exact"):
            raw = client.beta.messages.with_raw_response.create(
                model=model, max_tokens=32, messages=[{"role": "user", "content": question}],
                betas=["files-api-2025-04-14"])
            raw.parse()
            check(raw.headers.get("x-cache") == expected, f"beta.messages.create: {expected}")
        sent = last_request(simulator_url, MESSAGES)["headers"]
        check(sent.get("anthropic-beta") == "files-api-2025-04-14", f"anthropic-beta reached the provider: {sent}")
        check(create(question) == "miss", "the same call without the beta is not served the beta answer")

    def strict_tool():
        question = f"Tool {uuid.uuid4()}"
        tool = {"name": "weather", "description": "Weather in a city", "strict": True,
                "input_schema": {"type": "object", "properties": {"city": {"type": "string"}},
                                 "required": ["city"], "additionalProperties": False}}
        check(create(question, tools=[tool]) == "miss", "a strict tool: miss")
        check(create(question, tools=[tool]) == "hit-exact", "a strict tool: its repeat is a hit")
        sent = last_request(simulator_url, MESSAGES)["body"]
        check(sent["tools"][0].get("strict") is True, "tools[0].strict reached the provider")
        loose = dict(tool, strict=False)
        check(create(question, tools=[loose]) == "miss", "strict: false is another entry")

    def thinking_disabled_and_tier():
        question = f"Thinking off {uuid.uuid4()}"
        options = {"thinking": {"type": "disabled"}, "service_tier": "auto", "metadata": {"user_id": "u-1"}}
        check(create(question, **options) == "miss", "thinking disabled, service_tier, metadata: miss")
        sent = last_request(simulator_url, MESSAGES)["body"]
        check(sent.get("thinking") == {"type": "disabled"}, f"thinking reached the provider: {sent.get('thinking')}")
        check(sent.get("service_tier") == "auto", "service_tier reached the provider")
        other_user = dict(options, metadata={"user_id": "u-2"})
        check(create(question, **other_user) == "hit-exact", "another metadata.user_id is the same entry")

    def thinking_enabled():
        question = f"Think {uuid.uuid4()}"
        thinking = {"type": "enabled", "budget_tokens": 1024}
        raw = client.messages.with_raw_response.create(
            model=model, max_tokens=2048, thinking=thinking, messages=[{"role": "user", "content": question}])
        message = raw.parse()
        check(raw.headers.get("x-cache") == "miss", "thinking enabled: miss")
        check(message.content[0].type == "thinking" and message.content[0].signature,
              f"the thinking block and its signature reach the caller: {message.content[0].type}")
        with client.messages.stream(model=model, max_tokens=2048, thinking=thinking,
                                    messages=[{"role": "user", "content": question}]) as stream:
            final = stream.get_final_message()
        check(final.content[0].type == "thinking" and final.content[0].thinking == message.content[0].thinking,
              "a streamed repeat (a hit) rebuilds the same thinking block in the SDK")
        check(final.content[0].signature == message.content[0].signature, "and the same signature")
        sent = last_request(simulator_url, MESSAGES)["body"]
        check(sent.get("thinking") == thinking, "thinking reached the provider as sent")

    def document_and_url_image():
        question = f"Summarise {uuid.uuid4()}"
        content = [
            {"type": "document", "source": {"type": "base64", "media_type": "application/pdf", "data": PDF},
             "citations": {"enabled": True}},
            {"type": "image", "source": {"type": "url", "url": "https://example.com/chart.png"}},
            {"type": "text", "text": question},
        ]
        raw = client.messages.with_raw_response.create(
            model=model, max_tokens=32, messages=[{"role": "user", "content": content}])
        raw.parse()
        check(raw.headers.get("x-cache") == "miss", "document and URL image: miss")
        sent = last_request(simulator_url, MESSAGES)["body"]
        check(sent["messages"][0]["content"][:2] == content[:2], "the document and the URL image reached the provider as sent")
        again = client.messages.with_raw_response.create(
            model=model, max_tokens=32, messages=[{"role": "user", "content": content}])
        check(again.headers.get("x-cache") == "hit-exact", "their repeat is a hit")
        other = [content[0], {"type": "image", "source": {"type": "url", "url": "https://example.com/other.png"}},
                 content[2]]
        third = client.messages.with_raw_response.create(
            model=model, max_tokens=32, messages=[{"role": "user", "content": other}])
        check(third.headers.get("x-cache") == "miss", "another image URL is another entry")

    guarded("anthropic: no temperature", no_temperature)
    guarded("anthropic: thinking enabled, plain and streamed", thinking_enabled)
    guarded("anthropic: document block and URL image", document_and_url_image)
    guarded("anthropic: beta header", beta)
    guarded("anthropic: strict tool", strict_tool)
    guarded("anthropic: thinking disabled, service tier", thinking_disabled_and_tier)


class Weather(pydantic.BaseModel):
    city: str


def run_openai(proxy_url, simulator_url):
    print("openai", openai.__version__, "through the proxy: fidelity matrix")
    client = openai.OpenAI(
        base_url=f"{proxy_url}/v1", api_key="sk-openai-fidelity", max_retries=0, organization="org-fidelity",
        project="proj_fidelity")
    model = "gpt-4.1-mini"

    def create(question, **options):
        raw = client.chat.completions.with_raw_response.create(
            model=model, messages=[{"role": "user", "content": question}], **options)
        completion = raw.parse()
        check(completion.choices[0].message is not None, f"{question}: parses")
        return raw.headers.get("x-cache")

    def no_temperature():
        question = f"No temperature {uuid.uuid4()}"
        check(create(question) == "miss", "chat.completions.create without temperature: miss")
        check(create(question) == "hit-exact", "chat.completions.create without temperature: its repeat is a hit")
        sent = last_request(simulator_url, CHAT)["headers"]
        check(sent.get("openai-organization") == "org-fidelity", "OpenAI-Organization reached the provider")
        check(sent.get("openai-project") == "proj_fidelity", "OpenAI-Project reached the provider")

    def pydantic_tool():
        question = f"Tool {uuid.uuid4()}"
        tool = openai.pydantic_function_tool(Weather)
        check(create(question, tools=[tool]) == "miss", "pydantic_function_tool (strict): miss")
        check(create(question, tools=[tool]) == "hit-exact", "pydantic_function_tool: its repeat is a hit")
        sent = last_request(simulator_url, CHAT)["body"]
        check(sent["tools"][0]["function"].get("strict") is True, "function.strict reached the provider")

    def reasoning_and_labels():
        question = f"Effort {uuid.uuid4()}"
        check(create(question, reasoning_effort="low", parallel_tool_calls=False) == "miss", "reasoning_effort: miss")
        sent = last_request(simulator_url, CHAT)["body"]
        check(sent.get("reasoning_effort") == "low", "reasoning_effort reached the provider")
        check(sent.get("parallel_tool_calls") is False, "parallel_tool_calls reached the provider")
        check(create(question, reasoning_effort="high", parallel_tool_calls=False) == "miss",
              "another reasoning_effort is another entry")
        labelled = create(question, reasoning_effort="low", parallel_tool_calls=False, store=True,
                          metadata={"run": "fidelity"}, safety_identifier="user-1")
        check(labelled == "hit-exact", "store, metadata and safety_identifier do not change the entry")
        sent = last_request(simulator_url, CHAT)["body"]
        check(sent.get("reasoning_effort") == "high", "the labelled repeat did not reach the provider")

    def several_choices():
        question = f"Choices {uuid.uuid4()}"
        raw = client.chat.completions.with_raw_response.create(
            model=model, n=2, logprobs=True, messages=[{"role": "user", "content": question}])
        raw.parse()
        check(raw.headers.get("x-cache") == "bypass", "n=2 with logprobs passes through (bypass)")
        check("uncached" in (raw.headers.get("x-cache-reason") or ""), "x-cache-reason says why")
        sent = last_request(simulator_url, CHAT)["body"]
        check(sent.get("n") == 2 and sent.get("logprobs") is True, "n and logprobs reached the provider")

    def named_message_and_detail():
        question = f"Look {uuid.uuid4()}"
        messages = [{"role": "user", "name": "alice", "content": [
            {"type": "text", "text": question},
            {"type": "image_url", "image_url": {"url": "https://example.com/cat.png", "detail": "high"}}]}]
        raw = client.chat.completions.with_raw_response.create(model=model, messages=messages)
        raw.parse()
        check(raw.headers.get("x-cache") == "miss", "name and image detail: miss")
        sent = last_request(simulator_url, CHAT)["body"]
        check(sent["messages"] == messages, f"the message reached the provider as sent: {sent['messages']}")
        low = [dict(messages[0], content=[messages[0]["content"][0],
                    {"type": "image_url", "image_url": {"url": "https://example.com/cat.png", "detail": "low"}}])]
        check(client.chat.completions.with_raw_response.create(model=model, messages=low).headers.get("x-cache")
              == "miss", "another detail is another entry")

    def responses_api():
        question = f"Responses {uuid.uuid4()}"
        raw = client.responses.with_raw_response.create(
            model=model, instructions="Be brief.", input=question, reasoning={"effort": "low"}, store=False)
        response = raw.parse()
        check(raw.headers.get("x-cache") == "miss", "responses.create: miss")
        check(response.output_text, f"output_text parses: {response.output_text!r}")
        sent = last_request(simulator_url, RESPONSES)["body"]
        check(sent == {"model": model, "instructions": "Be brief.", "input": question, "reasoning": {"effort": "low"},
                       "store": False}, f"the provider got exactly what the SDK sent: {sent}")
        again = client.responses.with_raw_response.create(
            model=model, instructions="Be brief.", input=question, reasoning={"effort": "low"}, store=False)
        check(again.headers.get("x-cache") == "hit-exact", "its repeat is a hit")
        check(again.parse().output_text == response.output_text, "with the same output_text")
        with client.responses.stream(model=model, instructions="Be brief.", input=question,
                                     reasoning={"effort": "low"}, store=False) as stream:
            deltas = [event.delta for event in stream if event.type == "response.output_text.delta"]
            final = stream.get_final_response()
        check("".join(deltas) == response.output_text, "a streamed hit delivers the same text as deltas")
        check(final.output_text == response.output_text, "and the same final response")
        items = [{"role": "user", "content": "I like tea."}, {"role": "assistant", "content": "Noted."},
                 {"role": "user", "content": [{"type": "input_text", "text": question}]}]
        streamed = []
        with client.responses.stream(model=model, input=items) as stream:
            for event in stream:
                if event.type == "response.output_text.delta":
                    streamed.append(event.delta)
            final = stream.get_final_response()
        check(final.output_text == "".join(streamed), "a streamed miss (input items) parses in the SDK")
        sent = last_request(simulator_url, RESPONSES)["body"]
        check(sent["input"] == items, "the input items reached the provider as sent")
        plain = client.responses.with_raw_response.create(model=model, input=items)
        check(plain.headers.get("x-cache") == "hit-exact", "the streamed answer was stored: a plain repeat is a hit")

    guarded("openai: no temperature, organisation headers", no_temperature)
    guarded("openai: n and logprobs pass through uncached", several_choices)
    guarded("openai: message name and image detail", named_message_and_detail)
    guarded("openai: Responses API, plain and streamed", responses_api)
    guarded("openai: pydantic_function_tool", pydantic_tool)
    guarded("openai: reasoning_effort and labels", reasoning_and_labels)


def main():
    proxy_url, simulator_url = proxy_urls()
    run_anthropic(proxy_url, simulator_url)
    run_openai(proxy_url, simulator_url)
    finish("sdk-fidelity-check", "every case parsed, was cached, keyed as documented, and reached the provider as sent")


if __name__ == "__main__":
    main()
