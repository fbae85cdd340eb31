import Foundation
import Mustache

/// The tool's version, printed in every output.
public enum FusionBoardVersion {
    public static let current = "0.1.0"
}

/// Renders a case analysis through the Markdown templates: Mustache → Markdown → cmark → HTML page.
///
/// Templates are trusted (they may carry raw HTML blocks); every value is escaped for Markdown and
/// HTML by the `MARKDOWN_HTML` content type, which the renderer puts in force for every template.
public struct ReportRenderer: Sendable {
    public let templatesDirectory: String
    private let library: MustacheLibrary

    /// Templates the renderer needs in the folder.
    public static let requiredTemplates = ["report", "page"]

    /// Loads `*.mustache` templates from a folder.
    public init(templatesDirectory: String) throws {
        ReportEscaping.registerContentType()
        self.templatesDirectory = templatesDirectory
        var library = MustacheLibrary()
        let fm = FileManager.default
        guard let files = try? fm.contentsOfDirectory(atPath: templatesDirectory) else {
            throw ReportError("templates folder \(templatesDirectory) cannot be read; pass --templates DIR pointing at a copy of Templates/")
        }
        for file in files.sorted() where file.hasSuffix(".mustache") {
            let path = templatesDirectory + "/" + file
            let name = String(file.dropLast(".mustache".count)).replacingOccurrences(of: ".md", with: "").replacingOccurrences(of: ".html", with: "")
            let text = try String(contentsOfFile: path, encoding: .utf8)
            do {
                library.register(try MustacheTemplate(string: ReportEscaping.pragma + text), named: name)
            } catch let error as MustacheTemplate.ParserError {
                throw ReportError("template \(path) line \(error.context.lineNumber) column \(error.context.columnNumber): \(error.error)")
            }
        }
        for name in Self.requiredTemplates where library.getTemplate(named: name) == nil {
            throw ReportError("templates folder \(templatesDirectory) has no \(name) template (\(name).md.mustache or \(name).html.mustache)")
        }
        self.library = library
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

    /// The rendered report in both forms.
    public struct Rendered: Sendable {
        public var markdown: String
        public var html: String
    }

    public func render(_ analysis: CaseAnalysis, generatedAt: Date) -> Rendered {
        let view = ReportView.make(analysis, generatedAt: generatedAt)
        let markdown = library.render(view, withTemplate: "report") ?? ""
        let body = Markdown.html(from: markdown)
        var pageView = view
        pageView["body"] = body
        let html = library.render(pageView, withTemplate: "page") ?? body
        return Rendered(markdown: markdown, html: html)
    }
}

/// Builds the template context (plain dictionaries of pre-formatted strings).
enum ReportView {
    static func make(_ a: CaseAnalysis, generatedAt: Date) -> [String: Any] {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm 'UTC'"
        let placeholder = a.fusions.contains { $0.score.isPlaceholder } || a.fusions.isEmpty
        let rows: [[String: Any]] = a.fusions.enumerated().map { index, f in
            [
                "rank": String(index + 1),
                "fusion": f.fusion.displayName,
                "gene5": f.fusion.fivePrime.gene,
                "gene3": f.fusion.threePrime.gene,
                "probability": String(format2: f.score.probability),
                "class": f.score.driverClass.rawValue,
                "frame": f.fusion.frame.rawValue,
                "svType": f.svType.rawValue,
                "breakpoint5": f.fusion.breakend5.position.description,
                "breakpoint3": f.fusion.breakend3.position.description,
                "input5": "\(f.fusion.breakend5.inputPosition.chromosome):\(f.fusion.breakend5.inputPosition.position)",
                "input3": "\(f.fusion.breakend3.inputPosition.chromosome):\(f.fusion.breakend3.inputPosition.position)",
                "inputBuild": f.inputBuild.rawValue,
                "location5": "\(f.fusion.fivePrime.transcript.accession) \(f.fusion.fivePrime.location.label)",
                "location3": "\(f.fusion.threePrime.transcript.accession) \(f.fusion.threePrime.location.label)",
                "exons": "exon 1–\(f.fusion.fivePrime.keptExons?.upperBound ?? 0) :: exon \(f.fusion.threePrime.keptExons?.lowerBound ?? 0)–\(f.fusion.threePrime.transcript.exonCount)",
                "pubmed5": f.evidence["pubmed_count_5p"]?.value.description ?? "unknown",
                "pubmed3": f.evidence["pubmed_count_3p"]?.value.description ?? "unknown",
                "cocitation": f.evidence["cocitation"]?.value.description ?? "unknown",
                "support": supportText(f.support),
                "svIDs": f.recordIDs.joined(separator: ", "),
                "pmids": (f.evidence["cocitation"]?.pmids ?? []).prefix(10).map { ["pmid": String($0)] },
            ]
        }
        let sources: [[String: Any]] = a.knowledgeBase.sources.map { s in
            ["name": s.name, "version": s.version ?? "—", "date": s.date ?? "—", "licence": s.licence, "rows": String(s.rows), "sha": String(s.sha256.prefix(12))]
        }
        let inputs: [[String: Any]] = a.inputs.map { i in
            ["file": URL(fileURLWithPath: i.file).lastPathComponent, "format": i.format.rawValue, "build": "\(i.build.rawValue) (\(i.buildEvidence.rawValue))", "sha256": i.sha256]
        }
        return [
            "sample": a.sample,
            "tumorType": a.tumorType ?? "not given",
            "generated": formatter.string(from: generatedAt),
            "version": FusionBoardVersion.current,
            "kbBuild": a.knowledgeBase.buildID,
            "kbProfile": a.knowledgeBase.profile,
            "kbBuiltAt": a.knowledgeBase.builtAt,
            "missingSources": a.knowledgeBase.missingCategories.joined(separator: ", "),
            "hasMissingSources": !a.knowledgeBase.missingCategories.isEmpty,
            "placeholder": placeholder,
            "scorer": a.fusions.first?.score.scorer ?? PlaceholderRuleScorer.name,
            "deNovo": a.deNovo,
            "fusions": rows,
            "hasFusions": !rows.isEmpty,
            "fusionCount": String(rows.count),
            "sources": sources,
            "inputs": inputs,
            "recordsRead": String(a.counts.recordsRead),
            "filteredOut": String(a.counts.filteredOut),
            "skippedContigs": String(a.counts.skippedContigs),
            "junctions": String(a.counts.junctions),
            "junctionsInGenes": String(a.counts.junctionsInGenes),
            "singleBreakends": String(a.counts.singleBreakends),
            "cmarkVersion": Markdown.libraryVersion,
        ]
    }

    static func supportText(_ s: CallerSupport) -> String {
        var parts: [String] = []
        if let sr = s.splitReads { parts.append("\(sr) split reads") }
        if let pe = s.spanningPairs { parts.append("\(pe) spanning pairs") }
        if let af = s.alleleFraction { parts.append("VAF \(String(format2: af))") }
        return parts.isEmpty ? "not given by the caller" : parts.joined(separator: ", ")
    }
}
