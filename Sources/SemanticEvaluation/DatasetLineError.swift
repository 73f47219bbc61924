/// One unusable line (or list item) of a dataset file, by its 1-based line number.
public struct DatasetLineError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file, as given to the loader.
    public var file: String
    /// The 1-based line the record starts on.
    public var line: Int
    /// What is wrong with it, e.g. `empty line` or `missing "text_b"`.
    public var problem: String

    /// An error for `line` of `file`.
    public init(file: String, line: Int, problem: String) {
        self.file = file
        self.line = line
        self.problem = problem
    }

    public var description: String { "\(file):\(line): \(problem)" }
}
