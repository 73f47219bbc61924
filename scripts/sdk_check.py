#!/usr/bin/env python3
"""Calls the provider simulator with the official `anthropic` and `openai` Python SDKs.

Plain and streamed calls in both SDKs must parse without error, and the usage each SDK reports must equal the
usage the simulator counted (GET /simulator/stats). Where the SDK's types and the simulator disagree, the SDK
is right: a failure here is a simulator bug. Exits 1 on any failure.
"""

import argparse
import json
import sys
import time
import urllib.request

import anthropic
import openai

FAILURES = []


def check(condition, what):
    if condition:
        print(f"  ok   {what}")
    else:
        print(f"  FAIL {what}")
        FAILURES.append(what)


def guarded(name, function, *arguments):
    """Runs one group of checks; an exception (an SDK that cannot parse an answer, a refusal) fails it."""
    try:
        function(*arguments)
    except Exception as error:
        print(f"  FAIL {name}: {type(error).__name__}: {error}")
        FAILURES.append(name)


def finish(script, success):
    """Exits 1 with the failure count when any check failed, else prints `success`."""
    if FAILURES:
        print(f"{script}: {len(FAILURES)} failure(s)")
        sys.exit(1)
    print(f"{script}: {success}")


def proxy_urls():
    """The --proxy-url and --simulator-url arguments of the proxy checks, without trailing slashes."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--proxy-url", required=True)
    parser.add_argument("--simulator-url", required=True)
    arguments = parser.parse_args()
    return arguments.proxy_url.rstrip("/"), arguments.simulator_url.rstrip("/")


def stats(base_url):
    with urllib.request.urlopen(f"{base_url}/simulator/stats", timeout=10) as response:
        return json.load(response)


def last_call(base_url, route):
    calls = [c for c in stats(base_url)["recent_calls"] if c["route"] == route]
    return calls[-1] if calls else None


def anthropic_usage_matches(usage, wire, label):
    for field in ("input_tokens", "output_tokens", "cache_creation_input_tokens", "cache_read_input_tokens"):
        check(getattr(usage, field) == wire[field], f"{label}: usage.{field} = {getattr(usage, field)} (simulator {wire[field]})")
    creation = getattr(usage, "cache_creation", None)
    if creation is not None:
        for field in ("ephemeral_5m_input_tokens", "ephemeral_1h_input_tokens"):
            check(
                getattr(creation, field) == wire["cache_creation"][field],
                f"{label}: usage.cache_creation.{field} = {getattr(creation, field)}",
            )


def openai_usage_matches(usage, wire, label):
    check(usage is not None, f"{label}: usage present")
    if usage is None:
        return
    for field in ("prompt_tokens", "completion_tokens", "total_tokens"):
        check(getattr(usage, field) == wire[field], f"{label}: usage.{field} = {getattr(usage, field)} (simulator {wire[field]})")
    cached = usage.prompt_tokens_details.cached_tokens if usage.prompt_tokens_details else 0
    check(cached == wire["prompt_tokens_details"]["cached_tokens"], f"{label}: cached_tokens = {cached}")


def run_anthropic(base_url):
    print("anthropic", anthropic.__version__)
    client = anthropic.Anthropic(base_url=base_url, api_key="sk-sdk-check", max_retries=0)
    route = "POST /v1/messages"
    model = "claude-sonnet-4-6"

    message = client.messages.create(
        model=model, max_tokens=128, messages=[{"role": "user", "content": "Hello, simulator"}]
    )
    check(isinstance(message, anthropic.types.Message), "plain call parses as Message")
    check(message.content and message.content[0].type == "text" and message.content[0].text, "plain call has text")
    check(message.stop_reason == "end_turn", f"stop_reason {message.stop_reason}")
    anthropic_usage_matches(message.usage, last_call(base_url, route)["wire_usage"], "plain")

    long_system = "You answer questions about a long shared document. " * 200
    system = [{"type": "text", "text": long_system, "cache_control": {"type": "ephemeral"}}]
    first = client.messages.create(model=model, max_tokens=64, system=system, messages=[{"role": "user", "content": "one"}])
    anthropic_usage_matches(first.usage, last_call(base_url, route)["wire_usage"], "cache write")
    check(first.usage.cache_creation_input_tokens > 0, f"cache write {first.usage.cache_creation_input_tokens}")

    with client.messages.stream(
        model=model, max_tokens=64, system=system, messages=[{"role": "user", "content": "two"}]
    ) as stream:
        text = "".join(stream.text_stream)
        final = stream.get_final_message()
    check(text and final.content[0].text == text, "streamed text equals the final message")
    anthropic_usage_matches(final.usage, last_call(base_url, route)["wire_usage"], "streamed")
    check(final.usage.cache_read_input_tokens == first.usage.cache_creation_input_tokens, "streamed call reads the cache")

    long_question = "Please consider this long question about caching. " * 100
    automatic = None
    for _ in range(2):
        automatic = client.messages.create(
            model=model, max_tokens=32, cache_control={"type": "ephemeral"},
            messages=[{"role": "user", "content": long_question}],
        )
    anthropic_usage_matches(automatic.usage, last_call(base_url, route)["wire_usage"], "top-level cache_control")
    check(automatic.usage.cache_read_input_tokens > 0, "a top-level cache_control caches the last block")

    tools = [{"name": "lookup", "description": "Looks things up.", "input_schema": {"type": "object", "properties": {"query": {"type": "string"}}}}]
    tool_message = client.messages.create(
        model=model, max_tokens=64, tools=tools, tool_choice={"type": "any"}, messages=[{"role": "user", "content": "find it"}]
    )
    check(tool_message.stop_reason == "tool_use" and tool_message.content[0].type == "tool_use", "tool call parses")
    check(tool_message.content[0].input == {"query": "find it"}, "tool input parses")
    with client.messages.stream(
        model=model, max_tokens=64, tools=tools, tool_choice={"type": "any"}, messages=[{"role": "user", "content": "find it"}]
    ) as stream:
        streamed_tool = stream.get_final_message()
    check(streamed_tool.content[0].input == {"query": "find it"}, "streamed tool input parses")

    raw_events = [event.type for event in client.messages.create(
        model=model, max_tokens=32, messages=[{"role": "user", "content": "raw"}], stream=True
    )]
    check(raw_events[0] == "message_start" and raw_events[-1] == "message_stop", f"raw stream events {raw_events[:3]}…")

    try:
        client.messages.create(
            model=model, max_tokens=8, messages=[{"role": "user", "content": "x"}], extra_headers={"x-simulator-fault": "429"}
        )
        check(False, "429 raises")
    except anthropic.RateLimitError as error:
        check(error.status_code == 429 and error.response.headers.get("retry-after") == "1", "429 raises RateLimitError with retry-after")
    try:
        client.messages.create(
            model=model, max_tokens=8, messages=[{"role": "user", "content": "x"}], extra_headers={"x-simulator-fault": "529"}
        )
        check(False, "529 raises")
    except anthropic.APIStatusError as error:
        check(error.status_code == 529, f"529 raises {type(error).__name__}")
    try:
        with client.messages.stream(
            model=model, max_tokens=64, messages=[{"role": "user", "content": "a stream that fails"}],
            extra_headers={"x-simulator-fault": "stream-error"},
        ) as stream:
            for _ in stream.text_stream:
                pass
        check(False, "a mid-stream error event raises")
    except anthropic.APIError as error:
        check("Overloaded" in str(error) or "overloaded" in str(error), f"mid-stream error raises {type(error).__name__}")


def run_openai(base_url):
    print("openai", openai.__version__)
    client = openai.OpenAI(base_url=f"{base_url}/v1", api_key="sk-sdk-check", max_retries=0)
    route = "POST /v1/chat/completions"
    model = "gpt-4.1-mini"

    completion = client.chat.completions.create(
        model=model, messages=[{"role": "user", "content": "Hello, simulator"}], temperature=0
    )
    check(completion.choices[0].message.content, "plain call has content")
    check(completion.choices[0].finish_reason == "stop", f"finish_reason {completion.choices[0].finish_reason}")
    openai_usage_matches(completion.usage, last_call(base_url, route)["wire_usage"], "plain")

    long_system = "You answer questions about a long shared document. " * 120
    messages = [{"role": "system", "content": long_system}, {"role": "user", "content": "one"}]
    client.chat.completions.create(model=model, messages=messages)
    chunks = list(client.chat.completions.create(
        model=model, messages=messages[:1] + [{"role": "user", "content": "two"}], stream=True,
        stream_options={"include_usage": True},
    ))
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    usage = chunks[-1].usage
    check(text.startswith("Simulated answer"), "streamed text assembles")
    openai_usage_matches(usage, last_call(base_url, route)["wire_usage"], "streamed")
    check(usage is not None and usage.prompt_tokens_details.cached_tokens >= 1024, "streamed call reads the automatic cache")

    tools = [{"type": "function", "function": {"name": "lookup", "parameters": {"type": "object", "properties": {"query": {"type": "string"}}}}}]
    tool_completion = client.chat.completions.create(
        model=model, messages=[{"role": "user", "content": "find it"}], tools=tools, tool_choice="required"
    )
    call = tool_completion.choices[0].message.tool_calls[0]
    check(call.function.name == "lookup" and json.loads(call.function.arguments) == {"query": "find it"}, "tool call parses")
    streamed_args = "".join(
        c.choices[0].delta.tool_calls[0].function.arguments or ""
        for c in client.chat.completions.create(
            model=model, messages=[{"role": "user", "content": "find it"}], tools=tools, tool_choice="required", stream=True
        )
        if c.choices and c.choices[0].delta.tool_calls
    )
    check(json.loads(streamed_args) == {"query": "find it"}, "streamed tool arguments assemble")

    json_completion = client.chat.completions.create(
        model=model, messages=[{"role": "user", "content": "as json"}], response_format={"type": "json_object"}
    )
    check("answer" in json.loads(json_completion.choices[0].message.content), "json_object answer is JSON")

    embeddings = client.embeddings.create(model="text-embedding-3-small", input=["alpha", "beta"])
    check(len(embeddings.data) == 2 and len(embeddings.data[0].embedding) == 256, "embeddings parse (base64 default)")
    check(embeddings.usage.prompt_tokens == last_call(base_url, "POST /v1/embeddings")["wire_usage"]["prompt_tokens"], "embedding usage")

    try:
        client.chat.completions.create(
            model=model, messages=[{"role": "user", "content": "x"}], extra_headers={"x-simulator-fault": "429"}
        )
        check(False, "429 raises")
    except openai.RateLimitError as error:
        check(error.status_code == 429, "429 raises RateLimitError")
    try:
        for _ in client.chat.completions.create(
            model=model, messages=[{"role": "user", "content": "a stream that fails"}], stream=True,
            extra_headers={"x-simulator-fault": "stream-error"},
        ):
            pass
        check(False, "a mid-stream error chunk raises")
    except openai.APIError as error:
        check(True, f"mid-stream error raises {type(error).__name__}")


def wait_for(retrieve, ended, what):
    """Polls `retrieve` until `ended` holds for its answer (at most 30 seconds)."""
    deadline = time.monotonic() + 30
    current = retrieve()
    while not ended(current) and time.monotonic() < deadline:
        time.sleep(0.2)
        current = retrieve()
    check(ended(current), f"{what} ends")
    return current


def run_anthropic_batches(base_url):
    """Message Batches: create, retrieve until ended, read the results (one answered, one errored)."""
    client = anthropic.Anthropic(base_url=base_url, api_key="sk-ant-test")
    params = {"model": "claude-haiku-4-5", "max_tokens": 50, "messages": [{"role": "user", "content": "Batch hello?"}]}
    bad = dict(params, max_tokens=0)
    batch = client.messages.batches.create(
        requests=[{"custom_id": "good", "params": params}, {"custom_id": "bad", "params": bad}]
    )
    check(batch.type == "message_batch" and batch.id.startswith("msgbatch_"), "anthropic batch created")
    check(batch.processing_status == "in_progress" and batch.request_counts.processing == 2, "anthropic batch in progress")
    batch = wait_for(
        lambda: client.messages.batches.retrieve(batch.id), lambda b: b.processing_status == "ended", "anthropic batch"
    )
    check(batch.request_counts.succeeded == 1 and batch.request_counts.errored == 1, "anthropic batch counts")
    check(batch.results_url is not None and batch.ended_at is not None, "anthropic batch has results_url and ended_at")
    results = {result.custom_id: result.result for result in client.messages.batches.results(batch.id)}
    good = results.get("good")
    check(good is not None and good.type == "succeeded", "anthropic batch result succeeded")
    if good is not None and good.type == "succeeded":
        check(good.message.content[0].text.endswith("Batch hello?"), "anthropic batch answer parses as a Message")
        check(good.message.usage.input_tokens > 0, "anthropic batch answer has usage")
    failed = results.get("bad")
    check(
        failed is not None and failed.type == "errored" and failed.error.error.type == "invalid_request_error",
        "anthropic batch result errored with invalid_request_error",
    )


def run_openai_batches(base_url):
    """Batch API: upload the input file, create, retrieve until completed, download output and error files."""
    client = openai.OpenAI(base_url=f"{base_url}/v1", api_key="sk-test")
    body = {"model": "gpt-4.1-mini", "max_tokens": 50, "messages": [{"role": "user", "content": "Batch hello?"}]}
    lines = [
        {"custom_id": "good", "method": "POST", "url": "/v1/chat/completions", "body": body},
        {"custom_id": "bad", "method": "POST", "url": "/v1/chat/completions", "body": dict(body, max_tokens=0)},
    ]
    data = "\n".join(json.dumps(line) for line in lines).encode()
    uploaded = client.files.create(file=("batch.jsonl", data), purpose="batch")
    check(uploaded.purpose == "batch" and uploaded.bytes == len(data), "openai batch input file uploaded")
    batch = client.batches.create(input_file_id=uploaded.id, endpoint="/v1/chat/completions", completion_window="24h")
    check(batch.object == "batch" and batch.input_file_id == uploaded.id, "openai batch created")
    batch = wait_for(
        lambda: client.batches.retrieve(batch.id),
        lambda b: b.status in ("completed", "failed", "expired", "cancelled"),
        "openai batch",
    )
    check(batch.status == "completed", f"openai batch completed ({batch.status})")
    counts = batch.request_counts
    check(counts is not None and counts.completed == 1 and counts.failed == 1, "openai batch counts")
    output = [json.loads(line) for line in client.files.content(batch.output_file_id).text.splitlines() if line]
    check(len(output) == 1 and output[0]["custom_id"] == "good", "openai batch output file")
    completion = openai.types.chat.ChatCompletion.model_validate(output[0]["response"]["body"])
    check(completion.choices[0].message.content.endswith("Batch hello?"), "openai batch answer parses as a ChatCompletion")
    errors = [json.loads(line) for line in client.files.content(batch.error_file_id).text.splitlines() if line]
    check(
        len(errors) == 1 and errors[0]["custom_id"] == "bad" and errors[0]["response"]["status_code"] == 400,
        "openai batch error file",
    )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base-url", required=True)
    arguments = parser.parse_args()
    base_url = arguments.base_url.rstrip("/")
    before = stats(base_url)["requests_by_route"]
    for run in (run_anthropic, run_openai, run_anthropic_batches, run_openai_batches):
        guarded(run.__name__, run, base_url)
    after = stats(base_url)["requests_by_route"]
    print("requests served per route:", json.dumps(after, sort_keys=True))
    check(after.get("POST /v1/messages", 0) - before.get("POST /v1/messages", 0) == 11, "messages route count")
    check(after.get("POST /v1/chat/completions", 0) - before.get("POST /v1/chat/completions", 0) == 8, "chat route count")
    finish("sdk-check", "all SDK calls parsed and reported the simulator's usage")


if __name__ == "__main__":
    main()
