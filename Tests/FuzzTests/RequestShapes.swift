/// The shapes of the two request bodies the proxy reads, for ``JSONGenerator``.
enum RequestShapes {
    static let cacheControl: Shape = .object([
        ("type", .string(["ephemeral", "persistent"]), true), ("ttl", .string(["5m", "1h", "2h", ""]), false),
    ])
    static let textBlock: Shape = .object([
        ("type", .string(["text"]), true), ("text", .string([]), true), ("cache_control", cacheControl, false),
    ])
    static let anthropicBlock: Shape = .oneOf([
        textBlock,
        .object([
            ("type", .string(["image"]), true),
            (
                "source",
                .object([
                    ("type", .string(["base64", "url"]), true), ("media_type", .string(["image/png"]), true),
                    ("data", .base64, true),
                ]), true
            ),
        ]),
        .object([
            ("type", .string(["tool_use"]), true), ("id", .string(["t1"]), true), ("name", .string(["find"]), true),
            ("input", .any, false),
        ]),
        .object([
            ("type", .string(["tool_result"]), true), ("tool_use_id", .string(["t1"]), true),
            ("content", .oneOf([.string([]), .array(textBlock, maximum: 2)]), false), ("is_error", .bool, false),
        ]),
        .object([("type", .string(["thinking", "document"]), true)]),
    ])

    static let anthropic: Shape = .object([
        ("model", .string(["claude-haiku-4-5", "claude-sonnet-4-5"]), true),
        ("max_tokens", .int(-1...200_000), true),
        (
            "messages",
            .array(
                .object([
                    ("role", .string(["user", "assistant", "system"]), true),
                    ("content", .oneOf([.string([]), .array(anthropicBlock, maximum: 3)]), true),
                ]), maximum: 4), true
        ),
        ("system", .oneOf([.string([]), .array(textBlock, maximum: 2)]), false),
        (
            "tools",
            .array(
                .object([
                    ("name", .string(["find"]), true), ("description", .string([]), false),
                    ("input_schema", .any, false), ("type", .string(["custom", "web_search"]), false),
                    ("cache_control", cacheControl, false),
                ]), maximum: 2), false
        ),
        (
            "tool_choice",
            .object([
                ("type", .string(["auto", "any", "none", "tool"]), true), ("name", .string(["find"]), false),
                ("disable_parallel_tool_use", .bool, false),
            ]), false
        ),
        ("temperature", .number, false), ("top_p", .number, false), ("top_k", .int(-1...500), false),
        ("stop_sequences", .array(.string(["END"]), maximum: 3), false), ("stream", .bool, false),
        ("metadata", .object([("user_id", .string(["u-1"]), false)]), false),
        (
            "output_config",
            .object([("format", .object([("type", .string(["json_schema"]), true), ("schema", .any, true)]), false)]),
            false
        ),
    ])

    static let openAIPart: Shape = .oneOf([
        .object([("type", .string(["text"]), true), ("text", .string([]), true)]),
        .object([
            ("type", .string(["image_url"]), true),
            (
                "image_url",
                .object([
                    ("url", .string(["data:image/png;base64,iVBORw0KGgo=", "data:;base64,", "https://x/y.png"]), true)
                ]), true
            ),
        ]),
        .object([("type", .string(["input_audio"]), true)]),
    ])

    static let openAI: Shape = .object([
        ("model", .string(["gpt-4.1-mini", "gpt-4o"]), true),
        (
            "messages",
            .array(
                .object([
                    ("role", .string(["system", "developer", "user", "assistant", "tool", "function"]), true),
                    ("content", .oneOf([.string([]), .array(openAIPart, maximum: 3)]), false),
                    ("refusal", .string([]), false), ("tool_call_id", .string(["c1"]), false),
                    (
                        "tool_calls",
                        .array(
                            .object([
                                ("id", .string(["c1"]), true), ("type", .string(["function"]), false),
                                (
                                    "function",
                                    .object([
                                        ("name", .string(["find"]), true),
                                        ("arguments", .string(["{\"q\":1}", "", "{", "[1e309]"]), false),
                                    ]), true
                                ),
                            ]), maximum: 2), false
                    ),
                ]), maximum: 4), true
        ),
        ("max_tokens", .int(-1...200_000), false), ("max_completion_tokens", .int(-1...200_000), false),
        ("temperature", .number, false), ("top_p", .number, false), ("top_k", .int(-1...500), false),
        ("stop", .oneOf([.string(["END"]), .array(.string(["END"]), maximum: 3)]), false),
        ("seed", .int(-5...5), false), ("n", .int(0...2), false), ("stream", .bool, false),
        ("stream_options", .object([("include_usage", .bool, false)]), false),
        (
            "response_format",
            .object([
                ("type", .string(["text", "json_object", "json_schema"]), true),
                (
                    "json_schema",
                    .object([("name", .string(["answer"]), true), ("schema", .any, false), ("strict", .bool, false)]),
                    false
                ),
            ]), false
        ),
        (
            "tools",
            .array(
                .object([
                    ("type", .string(["function"]), true),
                    (
                        "function",
                        .object([
                            ("name", .string(["find"]), true), ("description", .string([]), false),
                            ("parameters", .any, false), ("strict", .bool, false),
                        ]), true
                    ),
                ]), maximum: 2), false
        ),
        (
            "tool_choice",
            .oneOf([
                .string(["auto", "none", "required"]),
                .object([
                    ("type", .string(["function"]), true),
                    ("function", .object([("name", .string(["find"]), true)]), true),
                ]),
            ]), false
        ),
        ("user", .string(["u-2"]), false), ("prompt_cache_key", .string(["k"]), false),
        ("parallel_tool_calls", .bool, false), ("store", .bool, false),
    ])
}
