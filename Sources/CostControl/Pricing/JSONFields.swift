import LLMCore

/// Reads typed fields from one JSON object of a configuration file, naming the file, the row and the field
/// in every error.
struct JSONFields {
    let members: [String: JSONValue]
    let file: String
    let model: String?
    /// Prepended to field names in errors, for nested objects (`long_context.`).
    let prefix: String

    init(_ value: JSONValue, file: String, model: String?, what: String, prefix: String = "") throws {
        guard case .object(let members) = value else {
            throw PricingFileError(file: file, model: model, problem: "\(what) is not a JSON object")
        }
        self.members = members
        self.file = file
        self.model = model
        self.prefix = prefix
    }

    func error(_ field: String, _ problem: String) -> PricingFileError {
        PricingFileError(file: file, model: model, field: prefix + field, problem: problem)
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

    func rate(_ field: String) throws -> TokenRate {
        let value = try number(field)
        guard value >= 0 else { throw error(field, "is negative (\(value)); prices must be zero or more") }
        guard let rate = TokenRate(dollarsPerMillion: value) else { throw error(field, "is not a usable price") }
        return rate
    }

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

    func strings(_ field: String) throws -> [String] {
        switch members[field] {
        case nil, .null?: return []
        case .array(let items)?:
            return try items.map { item in
                guard case .string(let text) = item, !text.isEmpty else {
                    throw error(field, "must be a list of non-empty strings")
                }
                return text
            }
        case let other?: throw error(field, "must be a list of strings, found \(other)")
        }
    }

    func object(_ field: String) throws -> JSONFields? {
        guard has(field), let value = members[field] else { return nil }
        guard case .object = value else { throw error(field, "must be a JSON object") }
        return try JSONFields(value, file: file, model: model, what: prefix + field, prefix: prefix + field + ".")
    }
}
