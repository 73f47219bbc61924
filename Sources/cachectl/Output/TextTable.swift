/// A table printed with aligned columns: text to the left, numbers to the right.
struct TextTable {
    enum Alignment { case left, right }

    private let headers: [String]
    private let alignments: [Alignment]
    private let showsHeader: Bool
    private var rows: [[String]] = []

    init(_ columns: [(String, Alignment)]) {
        headers = columns.map(\.0)
        alignments = columns.map(\.1)
        showsHeader = true
    }

    /// A table without a header row: label and value pairs.
    init(labelled columns: Int = 2) {
        headers = Array(repeating: "", count: columns)
        alignments = Array(repeating: .left, count: columns)
        showsHeader = false
    }

    mutating func append(_ row: [String]) { rows.append(row) }

    var rendered: String {
        let all = showsHeader ? [headers] + rows : rows
        let widths = headers.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        return all.map { row in
            row.indices.map { column in
                let cell = row[column]
                let padding = String(repeating: " ", count: widths[column] - cell.count)
                return alignments[column] == .left ? cell + padding : padding + cell
            }.joined(separator: "  ").trimmingTrailingSpaces()
        }.joined(separator: "\n")
    }
}

extension String {
    fileprivate func trimmingTrailingSpaces() -> String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}
