import Foundation
import Mustache

/// Renders a case analysis through the Markdown templates: Mustache → Markdown → cmark → HTML page.
///
/// Templates are trusted (they may carry raw HTML blocks); every value is escaped for Markdown and
/// HTML by the `MARKDOWN_HTML` content type, which the renderer puts in force for every template.
/// Only HTML the renderer builds itself (the SVG diagrams and bars) goes in raw, through `{{{…}}}`.
public struct ReportRenderer: Sendable {
    /// The folders templates were loaded from, in override order (later wins).
    public let templatesDirectories: [String]
    public var templatesDirectory: String { templatesDirectories.last ?? "" }
    public let language: ReportLanguage
    /// Fusions given a full card in the HTML; the rest are in the summary table, JSON and TSV.
    public let maxCards: Int
    private let library: MustacheLibrary

    /// Templates the renderer needs (after overlays).
    public static let requiredTemplates = ["report", "fusion-card", "methods", "page", "cohort"]
    public static let defaultMaxCards = 50

    /// Loads `*.mustache` templates from a folder.
    public init(templatesDirectory: String) throws {
        try self.init(templatesDirectories: [templatesDirectory])
    }

    /// Loads `*.mustache` from each folder in order, a later folder's template replacing an earlier
    /// one of the same name; for a language other than English, each folder's `LANG/` subfolder is
    /// read right after the folder itself. A site can so keep the installed templates and override
    /// only the page shell or the card.
    public init(templatesDirectories: [String], language: ReportLanguage = .en, maxCards: Int = ReportRenderer.defaultMaxCards) throws {
        ReportEscaping.registerContentType()
        self.templatesDirectories = templatesDirectories
        self.language = language
        self.maxCards = max(0, maxCards)
        var library = MustacheLibrary()
        var found: Set<String> = []
        let fm = FileManager.default
        for directory in templatesDirectories {
            guard (try? fm.contentsOfDirectory(atPath: directory)) != nil else {
                throw ReportError("templates folder \(directory) cannot be read; pass --templates DIR pointing at a copy of Templates/")
            }
            var folders = [directory]
            if language != .en { folders.append(directory + "/" + language.rawValue) }
            for folder in folders {
                guard let files = try? fm.contentsOfDirectory(atPath: folder) else { continue }
                for file in files.sorted() where file.hasSuffix(".mustache") {
                    let path = folder + "/" + file
                    let name = Self.templateName(file)
                    let text = try String(contentsOfFile: path, encoding: .utf8)
                    try Self.checkRawValues(text, path: path)
                    do {
                        library.register(try MustacheTemplate(string: ReportEscaping.pragma + text), named: name)
                        found.insert(name)
                    } catch let error as MustacheTemplate.ParserError {
                        let line = error.context.lineNumber
                        let column = line == 1 ? max(1, error.context.columnNumber - ReportEscaping.pragma.count) : error.context.columnNumber
                        throw ReportError("template \(path) line \(line) column \(column): \(error.error)")
                    }
                }
            }
        }
        for name in Self.requiredTemplates where !found.contains(name) {
            throw ReportError(
                "templates folder \(templatesDirectories.joined(separator: ", ")) has no \(name) template (\(name).md.mustache or \(name).html.mustache); copy it from FusionBoard's Templates/")
        }
        self.library = library
    }

    /// Values the renderer builds itself and that a template may write raw (`{{{…}}}` or `{{& …}}`).
    public static let rawKeys: Set<String> = ["body", "diagramSVG", "barSVG"]

    /// Refuses a template that writes any other value unescaped: with cmark's unsafe mode the
    /// escaping is the only guard against markup from inputs.
    static func checkRawValues(_ text: String, path: String) throws {
        let pattern = /\{\{\{\s*([^}\s]+)\s*\}\}\}|\{\{&\s*([^}\s]+)\s*\}\}/
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            for match in line.matches(of: pattern) {
                let key = String(match.1 ?? match.2 ?? "")
                if !rawKeys.contains(key) {
                    throw ReportError(
                        "template \(path) line \(index + 1): {{{\(key)}}} would write a value unescaped; use {{\(key)}} (only \(rawKeys.sorted().joined(separator: ", ")) may be raw)")
                }
            }
        }
    }

    /// `fusion-card.md.mustache` → `fusion-card`.
    static func templateName(_ file: String) -> String {
        var name = String(file.dropLast(".mustache".count))
        for suffix in [".md", ".html"] where name.hasSuffix(suffix) { name = String(name.dropLast(suffix.count)) }
        return name
    }

    /// Finds the templates: an explicit folder, `$FUSIONBOARD_TEMPLATES`, the installed
    /// `share/fusionboard/Templates` beside the binary, or the source tree's `Templates/`.
    public static func locateTemplates(explicit: String?, executable: String = CommandLine.arguments[0]) -> String? {
        if let explicit { return explicit }
        if let env = ProcessInfo.processInfo.environment["FUSIONBOARD_TEMPLATES"], !env.isEmpty { return env }
        let fm = FileManager.default
        var dir = URL(fileURLWithPath: executable).resolvingSymlinksInPath().deletingLastPathComponent()
        let installed = dir.deletingLastPathComponent().appendingPathComponent("share/fusionboard/Templates")
        if fm.fileExists(atPath: installed.appendingPathComponent("report.md.mustache").path) { return installed.path }
        for _ in 0..<6 {
            let candidate = dir.appendingPathComponent("Templates")
            if fm.fileExists(atPath: candidate.appendingPathComponent("report.md.mustache").path) { return candidate.path }
            dir = dir.deletingLastPathComponent()
        }
        let cwd = URL(fileURLWithPath: fm.currentDirectoryPath).appendingPathComponent("Templates")
        if fm.fileExists(atPath: cwd.appendingPathComponent("report.md.mustache").path) { return cwd.path }
        return nil
    }

    /// The template folders for a run: the installed/source templates, then `--templates DIR`
    /// on top when given (so DIR may hold only the templates a site changes).
    public static func templateFolders(explicit: String?, executable: String = CommandLine.arguments[0]) -> [String]? {
        let base = locateTemplates(explicit: nil, executable: executable)
        switch (base, explicit) {
        case (let base?, let explicit?):
            let a = URL(fileURLWithPath: base).standardizedFileURL.path, b = URL(fileURLWithPath: explicit).standardizedFileURL.path
            return a == b ? [base] : [base, explicit]
        case (nil, let explicit?): return [explicit]
        case (let base?, nil): return [base]
        case (nil, nil): return nil
        }
    }

    /// The rendered report in every form.
    public struct Rendered: Sendable {
        public var document: CaseReport
        public var markdown: String
        public var html: String
        /// Everything in the report, machine-readable.
        public var json: String
        /// The score table with `##` provenance lines.
        public var tsv: String
    }

    public func render(_ analysis: CaseAnalysis, generatedAt: Date) -> Rendered {
        let document = CaseReport.make(analysis, generatedAt: generatedAt, language: language, maxCards: maxCards)
        let view = ReportView(labels: ReportLabels(language)).caseContext(document)
        let markdown = library.render(view, withTemplate: "report") ?? ""
        let html = page(markdown: markdown, view: view)
        return Rendered(
            document: document, markdown: markdown, html: html, json: Self.json(document),
            tsv: Self.provenanceLines(document) + TableWriter.scoreTable([analysis]))
    }

    /// Wraps rendered Markdown in the page shell.
    func page(markdown: String, view: [String: Any]) -> String {
        let body = Markdown.html(from: markdown)
        var pageView = view
        pageView["body"] = body
        return library.render(pageView, withTemplate: "page") ?? body
    }

    /// The cohort index page (recurrent fusions, partner genes, one row per patient).
    public func renderCohort(_ cohort: CohortSummary) -> String {
        let view = ReportView(labels: ReportLabels(language)).cohortContext(cohort)
        let markdown = library.render(view, withTemplate: "cohort") ?? ""
        return page(markdown: markdown, view: view)
    }

    /// Pretty, key-sorted JSON (byte-stable for the same report).
    public static func json<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return ((try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "{}") + "\n"
    }

    /// `##key=value` lines for the head of a TSV (report-conventions §5.2).
    public static func provenanceLines(_ d: CaseReport) -> String {
        let clean = { (s: String) in TableWriter.cell(s) }
        var lines = [
            "##fusionboard=\(d.tool.version) git=\(d.tool.commit)",
            "##generated=\(clean(d.generated))",
            "##sample=\(clean(d.sample))",
            "##model=\(clean(d.model.scorer))",
            "##kb_build=\(clean(d.knowledgeBase.buildID)) built=\(clean(d.knowledgeBase.builtAt)) profile=\(clean(d.knowledgeBase.profile))",
            "##kb_sources=" + d.knowledgeBase.sources.map { clean("\($0.name) \($0.version ?? "") (\($0.licence))") }.joined(separator: ";"),
            "##kb_missing=" + (d.knowledgeBase.missing.isEmpty ? "none" : d.knowledgeBase.missing.joined(separator: ",")),
            "##genome=\(d.genomeBuild)",
        ]
        for input in d.inputs { lines.append("##input=\(clean(input.file)) build=\(input.build) sha256=\(input.sha256)") }
        if d.deNovo { lines.append("##mode=de-novo") }
        return lines.joined(separator: "\n") + "\n"
    }
}
