import Foundation

/// The parts of a `multipart/form-data` body (RFC 7578), as an upload to `POST /v1/files` sends them.
struct MultipartForm {
    /// One part: its field name, its file name when it is a file, and its bytes.
    struct Part {
        var name: String
        var filename: String?
        var data: Data
    }

    var parts: [Part]

    /// The boundary named by a `content-type` of `multipart/form-data; boundary=…`, quoted or not.
    static func boundary(contentType: String) -> String? {
        let pieces = contentType.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        guard pieces.first?.lowercased() == "multipart/form-data" else { return nil }
        for piece in pieces.dropFirst() where piece.lowercased().hasPrefix("boundary=") {
            var value = String(piece.dropFirst("boundary=".count))
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 {
                value = String(value.dropFirst().dropLast())
            }
            return value.isEmpty ? nil : value
        }
        return nil
    }

    /// The parts of `body` delimited by `boundary`; `nil` when the body is not a form with that boundary.
    init?(body: Data, boundary: String) {
        let delimiter = Data(("--" + boundary).utf8)
        var parts: [Part] = []
        guard var start = body.range(of: delimiter)?.upperBound else { return nil }
        while let end = body.range(of: delimiter, in: start..<body.endIndex) {
            var section = body[start..<end.lowerBound]
            // Each part begins after the delimiter's line break and ends before the next delimiter's.
            if section.starts(with: [0x0D, 0x0A]) { section = section.dropFirst(2) }
            if section.suffix(2) == Data([0x0D, 0x0A]) { section = section.dropLast(2) }
            guard let split = section.range(of: Data([0x0D, 0x0A, 0x0D, 0x0A])) else { return nil }
            let head = String(decoding: section[section.startIndex..<split.lowerBound], as: UTF8.self)
            let content = Data(section[split.upperBound...])
            var name: String?
            var filename: String?
            for line in head.components(separatedBy: "\r\n") where line.lowercased().hasPrefix("content-disposition:") {
                name = Self.parameter("name", in: line)
                filename = Self.parameter("filename", in: line)
            }
            guard let name else { return nil }
            parts.append(Part(name: name, filename: filename, data: content))
            start = end.upperBound
            if body[start...].starts(with: [0x2D, 0x2D]) { break }
        }
        self.parts = parts
    }

    /// The first part named `name`.
    func part(_ name: String) -> Part? { parts.first { $0.name == name } }

    /// The value of `parameter="…"` in a `content-disposition` line.
    private static func parameter(_ parameter: String, in line: String) -> String? {
        for piece in line.split(separator: ";").map({ $0.trimmingCharacters(in: .whitespaces) }) {
            guard piece.hasPrefix(parameter + "=") else { continue }
            var value = String(piece.dropFirst(parameter.count + 1))
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 {
                value = String(value.dropFirst().dropLast())
            }
            return value
        }
        return nil
    }
}
