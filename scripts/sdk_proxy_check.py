#!/usr/bin/env python3
"""Calls the caching proxy (`cachectl serve`, in front of the provider simulator) with the official `anthropic`
and `openai` Python SDKs.

For each SDK, a plain and a streamed call must parse without error, the first of each must come back with
`x-cache: miss` and the identical second with `x-cache: hit-exact` (read through the SDKs' raw-response API),
with the same answer, and only the misses may reach the simulator. Exits 1 on any failure.
"""


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


def main():
    proxy_url, simulator_url = proxy_urls()
    for run in (run_anthropic, run_openai):
        guarded(run.__name__, run, proxy_url, simulator_url)
    finish("sdk-proxy-check", "both SDKs parsed the proxy's plain and streamed answers, and repeats were exact hits")


if __name__ == "__main__":
    main()
