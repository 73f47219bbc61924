import HTTPTypes

extension HTTPFields {
    /// The value of the header called `name`, or `nil`.
    func value(named name: String) -> String? {
        HTTPField.Name(name).flatMap { self[$0] }
    }

    /// Sets the header called `name` (a header that cannot be named is skipped).
    mutating func set(_ value: String, named name: String) {
        if let field = HTTPField.Name(name) { self[field] = value }
    }
}
