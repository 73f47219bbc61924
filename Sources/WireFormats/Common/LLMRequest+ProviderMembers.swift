import LLMCore

extension LLMRequest {
    /// Member `name` of `fields`: in its neutral form (given to `apply`) when `neutral` reads one, otherwise
    /// as given, as a provider option, so that nothing the caller sent is lost. An absent or null member
    /// changes nothing.
    mutating func read<Value>(
        _ name: String, of fields: WireFields, neutral: (JSONValue) throws -> Value?,
        apply: (inout LLMRequest, Value) -> Void
    ) rethrows {
        guard let value = fields.value(name) else { return }
        if let typed = try neutral(value) {
            apply(&self, typed)
        } else {
            providerOptions[name] = value
        }
    }

    /// Every non-null member of `fields` outside `modelled`, as a provider option, as given.
    mutating func keepMembers(of fields: WireFields, except modelled: Set<String>) {
        for (name, value) in fields.members where !modelled.contains(name) && !value.isNull {
            providerOptions[name] = value
        }
    }
}
