/// A problem with an input file, naming the file, the line and what to do about it.
///
/// Printed as `FILE:LINE: message`, the form editors and CI logs link to.
public struct InputError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file as the user named it.
    public var file: String
    /// 1-based line number, or nil when the problem concerns the whole file.
    public var line: Int?
    /// What is wrong and what to do.
    public var message: String

    public init(file: String, line: Int?, _ message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String {
        if let line { return "\(file):\(line): \(message)" }
        return "\(file): \(message)"
    }
}

/// A non-fatal problem with an input worth telling the user (a missing mate, a build contradiction …), naming the
/// file and the line, in English and, where it has one, in Japanese.
///
/// The command line prints it as `FILE:LINE: message` with the file as the user named it (``description``); a report
/// names the file by its name only (``reportText(japanese:inputs:)``), so the same input copied elsewhere gives the
/// same report.
public struct InputWarning: Sendable, Codable, Hashable, CustomStringConvertible {
    /// The file as the user named it; nil for a warning about the inputs together.
    public var file: String?
    /// 1-based line number, or nil when the warning concerns the whole file.
    public var line: Int?
    public var message: String
    /// ``message`` in Japanese; nil where it has no Japanese wording (a Japanese report then shows the English).
    public var messageJapanese: String?

    public init(file: String?, line: Int? = nil, _ message: String, japanese: String? = nil) {
        self.file = file
        self.line = line
        self.message = message
        messageJapanese = japanese
    }

    /// `FILE:LINE: message`, the file as the user named it.
    public var description: String { Self.prefix(file, line) + message }

    /// The warning as a report shows it: `NAME:LINE: message` with the file's name (no folder), in Japanese when asked
    /// and available; the inputs' paths (as the user named them) that the message mentions are shortened to their names too.
    public func reportText(japanese: Bool, inputs: [String] = []) -> String {
        var text = japanese ? messageJapanese ?? message : message
        for path in Set(inputs + [file].compactMap { $0 }).sorted(by: { $0.count > $1.count }) where path != Self.name(path) {
            text = text.replacingOccurrences(of: path, with: Self.name(path))
        }
        return Self.prefix(file.map(Self.name), line) + text
    }

    /// True when the command-line form holds `text`.
    public func contains(_ text: some StringProtocol) -> Bool { description.contains(text) }

    /// A file's name without its folders.
    public static func name(_ path: String) -> String {
        path.split(separator: "/", omittingEmptySubsequences: true).last.map(String.init) ?? path
    }

    static func prefix(_ file: String?, _ line: Int?) -> String {
        guard let file else { return "" }
        return line.map { "\(file):\($0): " } ?? "\(file): "
    }
}
