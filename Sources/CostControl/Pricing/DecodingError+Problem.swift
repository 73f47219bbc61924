import Foundation

extension DecodingError {
    /// Where in a configuration file the problem is (`budget.daily_usd`; empty at the top) and what it is
    /// ("must be a string"), for errors that name the file, the field and the problem.
    public var configurationProblem: (path: String, problem: String) {
        switch self {
        case .typeMismatch(let type, let context):
            return (context.codingPath.configurationPath, "must be \(Self.describe(type))")
        case .valueNotFound(let type, let context):
            return (context.codingPath.configurationPath, "must be \(Self.describe(type)), found null")
        case .keyNotFound(let key, let context):
            return ((context.codingPath + [key]).configurationPath, "is missing")
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty {
                let underlying = (context.underlyingError as? NSError)?.userInfo[NSDebugDescriptionErrorKey] as? String
                return ("", "is not valid JSON: \(underlying ?? context.debugDescription)")
            }
            return (context.codingPath.configurationPath, context.debugDescription)
        @unknown default:
            return ("", "\(self)")
        }
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Bool.Type: "true or false"
        case is Int.Type, is Int64.Type, is Int32.Type: "an integer"
        case is Double.Type, is Float.Type: "a number"
        case is [Any].Type: "a list"
        case is [String: Any].Type: "a JSON object"
        default: "of type \(type)"
        }
    }
}
