/// A pricing or routing file that cannot be used, naming the file, the model and the field at fault.
public struct PricingFileError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file that was read.
    public var file: String
    /// The model row at fault, when the problem is in one row.
    public var model: String?
    /// The field at fault, when the problem is in one field.
    public var field: String?
    /// What is wrong.
    public var problem: String

    /// An error in `file`, optionally in one model row and one field of it.
    public init(file: String, model: String? = nil, field: String? = nil, problem: String) {
        self.file = file
        self.model = model
        self.field = field
        self.problem = problem
    }

    public var description: String {
        var text = "\(file)"
        if let model { text += ": model '\(model)'" }
        if let field { text += ": field '\(field)'" }
        return text + ": \(problem)"
    }
}
