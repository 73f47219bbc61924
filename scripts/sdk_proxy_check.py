#!/usr/bin/env python3
"""Calls the caching proxy (`cachectl serve`, in front of the provider simulator) with the official `anthropic`
and `openai` Python SDKs.

For each SDK, a plain and a streamed call must parse without error, the first of each must come back with
`x-cache: miss` and the identical second with `x-cache: hit-exact` (read through the SDKs' raw-response API),
with the same answer, and only the misses may reach the simulator. Batches through the proxy (Anthropic Message
Batches; OpenAI's file upload and Batch API) are cache first: a cached request is answered from the cache, only
the misses go in the provider's batch, the results hold both, and another key cannot read the batch. Exits 1 on
any failure.
"""


import json
import time

import anthropic
import openai

from sdk_check import check, finish, guarded, proxy_urls, stats


def upstream_requests(simulator_url, route):
    return stats(simulator_url)["requests_by_route"].get(route, 0)


def run_anthropic(proxy_url, simulator_url):
    print("anthropic", anthropic.__version__, "through the proxy")
    client = anthropic.Anthropic(base_url=proxy_url, api_key="sk-ant-proxy-check", max_retries=0)
    route = "POST /v1/messages"
    model = "claude-haiku-4-5"
    # A deterministic call; this SDK version takes no `temperature` argument, so it travels in the body (calls
    # without one are cached too under the proxy's default mode: see sdk_fidelity_check.py).
    deterministic = {"temperature": 0}
    before = upstream_requests(simulator_url, route)

    answers = []
    for expected in ("miss", "hit-exact"):
        raw = client.messages.with_raw_response.create(
            model=model, max_tokens=64, messages=[{"role": "user", "content": "Proxy, plain call"}],
            extra_body=deterministic,
        )
        message = raw.parse()
        check(isinstance(message, anthropic.types.Message), f"plain call parses as Message ({expected})")
        check(raw.headers.get("x-cache") == expected, f"plain call x-cache {raw.headers.get('x-cache')} == {expected}")
        answers.append(message.content[0].text)
    check(answers[0] and answers[0] == answers[1], "the hit returns the same text")

    streamed = []
    for expected in ("miss", "hit-exact"):
        with client.messages.stream(
            model=model, max_tokens=64, messages=[{"role": "user", "content": "Proxy, streamed call"}],
            extra_body=deterministic,
        ) as stream:
            text = "".join(stream.text_stream)
            final = stream.get_final_message()
            cache = stream.response.headers.get("x-cache")
        check(text and final.content[0].text == text, f"streamed text equals the final message ({expected})")
        check(final.stop_reason == "end_turn", f"streamed stop_reason {final.stop_reason}")
        check(cache == expected, f"streamed call x-cache {cache} == {expected}")
        streamed.append(text)
    check(streamed[0] == streamed[1], "the streamed hit replays the same text")
    check(upstream_requests(simulator_url, route) - before == 2, "only the two misses reached the simulator")


def run_openai(proxy_url, simulator_url):
    print("openai", openai.__version__, "through the proxy")
    client = openai.OpenAI(base_url=f"{proxy_url}/v1", api_key="sk-openai-proxy-check", max_retries=0)
    route = "POST /v1/chat/completions"
    model = "gpt-4.1-mini"
    before = upstream_requests(simulator_url, route)

    answers = []
    for expected in ("miss", "hit-exact"):
        raw = client.chat.completions.with_raw_response.create(
            model=model, temperature=0, messages=[{"role": "user", "content": "Proxy, plain call"}]
        )
        completion = raw.parse()
        check(completion.choices[0].finish_reason == "stop", f"plain call parses ({expected})")
        check(raw.headers.get("x-cache") == expected, f"plain call x-cache {raw.headers.get('x-cache')} == {expected}")
        answers.append(completion.choices[0].message.content)
    check(answers[0] and answers[0] == answers[1], "the hit returns the same text")

    streamed = []
    for expected in ("miss", "hit-exact"):
        raw = client.chat.completions.with_raw_response.create(
            model=model, temperature=0, messages=[{"role": "user", "content": "Proxy, streamed call"}], stream=True,
            stream_options={"include_usage": True},
        )
        chunks = list(raw.parse())
        text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
        finish = [c.choices[0].finish_reason for c in chunks if c.choices and c.choices[0].finish_reason]
        check(text, f"streamed text assembles ({expected})")
        check(finish == ["stop"], f"streamed finish_reason {finish}")
        check(chunks[-1].usage is not None and chunks[-1].usage.completion_tokens > 0, "streamed usage chunk parses")
        check(raw.headers.get("x-cache") == expected, f"streamed call x-cache {raw.headers.get('x-cache')} == {expected}")
        streamed.append(text)
    check(streamed[0] == streamed[1], "the streamed hit replays the same text")
    check(upstream_requests(simulator_url, route) - before == 2, "only the two misses reached the simulator")


def wait_until(retrieve, ended):
    """Polls `retrieve` until `ended` holds for its answer (at most 30 seconds)."""
    deadline = time.monotonic() + 30
    current = retrieve()
    while not ended(current) and time.monotonic() < deadline:
        time.sleep(0.2)
        current = retrieve()
    return current


def run_anthropic_batches(proxy_url, simulator_url):
    """A Message Batch through the proxy: the request the cache holds is not sent; the results hold both."""
    client = anthropic.Anthropic(base_url=proxy_url, api_key="sk-ant-proxy-batch", max_retries=0)
    cached = {"model": "claude-haiku-4-5", "max_tokens": 64, "temperature": 0,
              "messages": [{"role": "user", "content": "Proxy batch, cached first"}]}
    fresh = dict(cached, messages=[{"role": "user", "content": "Proxy batch, sent in the batch"}])
    first = client.messages.create(**{k: v for k, v in cached.items() if k != "temperature"}, extra_body={"temperature": 0})
    items_before = upstream_requests(simulator_url, "batch item")
    batch = client.messages.batches.create(requests=[
        {"custom_id": "cached", "params": cached}, {"custom_id": "fresh", "params": fresh},
    ])
    check(batch.type == "message_batch", "anthropic batch created through the proxy")
    batch = wait_until(lambda: client.messages.batches.retrieve(batch.id), lambda b: b.processing_status == "ended")
    check(batch.processing_status == "ended" and batch.request_counts.succeeded == 2, "anthropic proxy batch ended, 2 succeeded")
    results = {r.custom_id: r.result for r in client.messages.batches.results(batch.id)}
    check(results["cached"].type == "succeeded" and results["cached"].message.content[0].text == first.content[0].text,
          "the cached request's result is the cached answer")
    check(results["fresh"].type == "succeeded" and results["fresh"].message.content[0].text.endswith("sent in the batch"),
          "the sent request's result is the batch's answer")
    check(upstream_requests(simulator_url, "batch item") - items_before == 1, "only the miss went in the provider batch")
    again = client.messages.with_raw_response.create(**{k: v for k, v in fresh.items() if k != "temperature"},
                                                     extra_body={"temperature": 0})
    check(again.headers.get("x-cache") == "hit-exact", "the batch's answer is stored: the same call is an exact hit")
    other = anthropic.Anthropic(base_url=proxy_url, api_key="sk-ant-someone-else", max_retries=0)
    try:
        other.messages.batches.retrieve(batch.id)
        check(False, "another key cannot read the batch")
    except anthropic.NotFoundError:
        check(True, "another key cannot read the batch (404)")


def run_openai_batches(proxy_url, simulator_url):
    """An OpenAI batch through the proxy: the file uploads to the provider, the batch is cache first."""
    client = openai.OpenAI(base_url=f"{proxy_url}/v1", api_key="sk-proxy-batch", max_retries=0)
    body = {"model": "gpt-4.1-mini", "max_tokens": 50, "temperature": 0,
            "messages": [{"role": "user", "content": "OpenAI proxy batch, cached first"}]}
    first = client.chat.completions.create(**body)
    fresh = dict(body, messages=[{"role": "user", "content": "OpenAI proxy batch, sent"}])
    lines = [
        {"custom_id": "cached", "method": "POST", "url": "/v1/chat/completions", "body": body},
        {"custom_id": "fresh", "method": "POST", "url": "/v1/chat/completions", "body": fresh},
    ]
    bad = lines + [{"custom_id": "bad", "method": "POST", "url": "/v1/chat/completions", "body": dict(fresh, max_tokens=0)}]
    refused = client.files.create(file=("bad.jsonl", "\n".join(json.dumps(l) for l in bad).encode()), purpose="batch")
    try:
        client.batches.create(input_file_id=refused.id, endpoint="/v1/chat/completions", completion_window="24h")
        check(False, "an input file with an invalid request is refused")
    except openai.BadRequestError as error:
        check("'bad'" in str(error), "an input file with an invalid request is refused, naming it")
    items_before = upstream_requests(simulator_url, "batch item")
    uploaded = client.files.create(file=("batch.jsonl", "\n".join(json.dumps(l) for l in lines).encode()), purpose="batch")
    batch = client.batches.create(input_file_id=uploaded.id, endpoint="/v1/chat/completions", completion_window="24h")
    batch = wait_until(lambda: client.batches.retrieve(batch.id),
                       lambda b: b.status in ("completed", "failed", "expired", "cancelled"))
    check(batch.status == "completed", f"openai proxy batch completed ({batch.status})")
    check(batch.request_counts.completed == 2 and batch.request_counts.failed == 0, "openai proxy batch counts")
    output = {json.loads(l)["custom_id"]: json.loads(l) for l in client.files.content(batch.output_file_id).text.splitlines() if l}
    cached = openai.types.chat.ChatCompletion.model_validate(output["cached"]["response"]["body"])
    check(cached.choices[0].message.content == first.choices[0].message.content, "the cached line is the cached answer")
    check(batch.error_file_id is None, "no error file when every line has an answer")
    fresh_answer = openai.types.chat.ChatCompletion.model_validate(output["fresh"]["response"]["body"])
    check(fresh_answer.choices[0].message.content.endswith("OpenAI proxy batch, sent"), "the sent line is the batch's answer")
    check(upstream_requests(simulator_url, "batch item") - items_before == 1, "only the miss went in the batch")


def main():
    proxy_url, simulator_url = proxy_urls()
    for run in (run_anthropic, run_openai, run_anthropic_batches, run_openai_batches):
        guarded(run.__name__, run, proxy_url, simulator_url)
    finish("sdk-proxy-check", "both SDKs parsed the proxy's plain and streamed answers, and repeats were exact hits")


if __name__ == "__main__":
    main()
