import LLMCore

/// Reads typed fields from one entry of a LiteLLM price map (a foreign format with many fields nobody reads,
/// so it is not decoded into a type), naming the file, the model and the field in every error.
struct LiteLLMFields {
    let members: [String: JSONValue]
    let file: String
    let model: String?

    init(_ value: JSONValue, file: String, model: String?, what: String) throws {
        guard case .object(let members) = value else {
            throw PricingFileError(file: file, model: model, problem: "\(what) is not a JSON object")
        }
        self.members = members
        self.file = file
        self.model = model
    }

    func error(_ field: String, _ problem: String) -> PricingFileError {
        PricingFileError(file: file, model: model, field: field, problem: problem)
    }

    func has(_ field: String) -> Bool {
        if case .null? = members[field] { return false }
        return members[field] != nil
    }

    func number(_ field: String) throws -> Double {
        switch members[field] {
        case nil, .null?: throw error(field, "is missing")
        case .int(let value)?: return Double(value)
        case .double(let value)?: return value
        case let other?: throw error(field, "must be a number, found \(other)")
        }
    }

    func optionalNumber(_ field: String) throws -> Double? { has(field) ? try number(field) : nil }

    func perTokenRate(_ field: String) throws -> TokenRate? {
        guard let value = try optionalNumber(field) else { return nil }
        guard value >= 0 else { throw error(field, "is negative (\(value)); prices must be zero or more") }
        guard let rate = TokenRate(dollarsPerToken: value) else { throw error(field, "is not a usable price") }
        return rate
    }

    func integer(_ field: String, minimum: Int = 0) throws -> Int {
        let value: Int
        switch members[field] {
        case nil, .null?: throw error(field, "is missing")
        case .int(let number)?:
            guard let exact = Int(exactly: number) else { throw error(field, "is out of range") }
            value = exact
        case .double(let number)? where number == number.rounded() && abs(number) < 9.0e15: value = Int(number)
        case let other?: throw error(field, "must be a whole number, found \(other)")
        }
        guard value >= minimum else { throw error(field, "must be at least \(minimum), found \(value)") }
        return value
    }

    func optionalInteger(_ field: String, minimum: Int = 0) throws -> Int? {
        has(field) ? try integer(field, minimum: minimum) : nil
    }

    func string(_ field: String) throws -> String {
        switch members[field] {
        case nil, .null?: throw error(field, "is missing")
        case .string(let text)?:
            guard !text.trimmingCharacters(in: .whitespaces).isEmpty else { throw error(field, "is empty") }
            return text
        case let other?: throw error(field, "must be a string, found \(other)")
        }
    }

    func optionalString(_ field: String) throws -> String? { has(field) ? try string(field) : nil }

}
