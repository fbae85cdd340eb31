import Foundation

/// One patient of a cohort manifest.
public struct CohortEntry: Sendable {
    public var sample: String
    public var inputs: [String]
    public var tumorType: String?
    public var line: Int
}

/// Reads a cohort manifest: tab-separated, header with `sample` and `path` (comma-separated paths
/// allowed), optional `tumor_type`; relative paths are relative to the manifest.
public enum CohortManifest {
    public static func read(_ path: String) throws -> [CohortEntry] {
        let base = URL(fileURLWithPath: path).deletingLastPathComponent()
        var header: [String]?
        var entries: [CohortEntry] = []
        try TableFile.forEachRow(path, header: false) { fields, line in
            if fields.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) || fields[0].hasPrefix("#") && header != nil { return }
            guard let columns = header else {
                header = fields.map { $0.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "# ")) }
                if !header!.contains("sample") || !header!.contains("path") {
                    throw InputError(file: path, line: line, "the header needs columns 'sample' and 'path' (tab-separated); found \(fields.joined(separator: ", "))")
                }
                return
            }
            guard fields.count == columns.count else {
                throw InputError(file: path, line: line, "expected \(columns.count) tab-separated columns like the header, found \(fields.count)")
            }
            let value = { (name: String) -> String? in columns.firstIndex(of: name).map { fields[$0] }.flatMap { $0.isEmpty ? nil : $0 } }
            guard let sample = value("sample"), let paths = value("path") else {
                throw InputError(file: path, line: line, "sample and path must not be empty")
            }
            let inputs = paths.split(separator: ",").map { p -> String in
                let text = String(p)
                return text.hasPrefix("/") ? text : base.appendingPathComponent(text).path
            }
            entries.append(CohortEntry(sample: sample, inputs: inputs, tumorType: value("tumor_type") ?? value("tumour_type"), line: line))
        }
        if header == nil || entries.isEmpty {
            throw InputError(file: path, line: nil, "the manifest lists no patients; expected a header 'sample<TAB>path' and one row per patient")
        }
        return entries
    }
}

/// Renders one report per patient, finishing every patient it can.
public struct CohortRunner: Sendable {
    public var knowledgeBasePath: String
    public var templatesDirectory: String
    public var outputDirectory: String
    public var jobs: Int
    /// Template folders in override order (the installed ones, then `--templates DIR`).
    public var templatesDirectories: [String]
    public var language: ReportLanguage
    public var maxCards: Int

    public init(
        knowledgeBasePath: String, templatesDirectory: String, outputDirectory: String, jobs: Int,
        templatesDirectories: [String]? = nil, language: ReportLanguage = .en, maxCards: Int = ReportRenderer.defaultMaxCards
    ) {
        self.knowledgeBasePath = knowledgeBasePath
        self.templatesDirectory = templatesDirectory
        self.outputDirectory = outputDirectory
        self.jobs = jobs
        self.templatesDirectories = templatesDirectories ?? [templatesDirectory]
        self.language = language
        self.maxCards = maxCards
    }

    public struct Result: Sendable {
        public var written: [String]
        /// `SAMPLE: FILE:LINE: message`, the input as the manifest names it (the command line prints these).
        public var failures: [String]
        /// The cohort index page (`index.html`).
        public var index: String
    }

    public func run(_ entries: [CohortEntry], generatedAt: Date) throws -> Result {
        let renderer = try ReportRenderer(templatesDirectories: templatesDirectories, language: language, maxCards: maxCards)
        let outcomes = ResultBox(count: entries.count)
        // Failures as the index shows them: the inputs by their names, as in every report.
        let namedFailures = FailureNames(count: entries.count)
        let queue = DispatchQueue(label: "fusionboard.cohort", attributes: .concurrent)
        let semaphore = DispatchSemaphore(value: jobs)
        let group = DispatchGroup()
        for (index, entry) in entries.enumerated() {
            semaphore.wait()
            queue.async(group: group) {
                defer { semaphore.signal() }
                do {
                    let kb = try KnowledgeBase(path: knowledgeBasePath)
                    let analysis = try Pipeline(knowledgeBase: kb, options: .explained(in: ExplanationLanguage(rawValue: language.rawValue) ?? .en)).run(inputs: entry.inputs, sample: entry.sample, tumorType: entry.tumorType)
                    let rendered = renderer.render(analysis, generatedAt: generatedAt)
                    let file = outputDirectory + "/" + Self.safeFileName(entry.sample) + ".html"
                    try AtomicFile.write(rendered.html, to: file)
                    outcomes.set(index, .success((file, analysis, rendered.document)))
                } catch {
                    outcomes.set(index, .failure("\(entry.sample): \(error)"))
                    namedFailures.set(index, "\(entry.sample): \(Self.describe(error, inputs: entry.inputs))")
                }
            }
        }
        group.wait()
        var written: [String] = []
        var failures: [String] = []
        var analyses: [CaseAnalysis] = []
        var reports: [(file: String, report: CaseReport)] = []
        for outcome in outcomes.values {
            switch outcome {
            case .success(let (file, analysis, report)):
                written.append(file)
                analyses.append(analysis)
                reports.append((URL(fileURLWithPath: file).lastPathComponent, report))
            case .failure(let message): failures.append(message)
            case nil: break
            }
        }
        let table = TableWriter.scoreTable(analyses)
        let header = reports.first.map { ReportRenderer.provenanceLines($0.report).split(separator: "\n").filter { !$0.hasPrefix("##sample=") && !$0.hasPrefix("##input=") }.joined(separator: "\n") + "\n" } ?? ""
        try AtomicFile.write(header + table, to: outputDirectory + "/cohort.fusions.tsv")
        let summary = CohortSummary.make(
            reports, failures: namedFailures.values.compactMap { $0 }, generated: CaseReport.formatDate(generatedAt), language: language)
        let index = outputDirectory + "/index.html"
        try AtomicFile.write(renderer.renderCohort(summary), to: index)
        return Result(written: written, failures: failures, index: index)
    }

    /// An error as the cohort index shows it: an input error's file by its name (line kept), and any input path
    /// the message mentions by its name too.
    static func describe(_ error: any Error, inputs: [String]) -> String {
        if let e = error as? InputError {
            return InputWarning(file: e.file, line: e.line, e.message).reportText(japanese: false, inputs: inputs)
        }
        return InputWarning(file: nil, "\(error)").reportText(japanese: false, inputs: inputs)
    }

    /// A file name from a sample ID: letters, digits, `-`, `_`, `.` kept; everything else `_`.
    static func safeFileName(_ sample: String) -> String {
        let cleaned = String(sample.map { $0.isLetter || $0.isNumber || "-_.".contains($0) ? $0 : "_" })
        return cleaned.isEmpty || cleaned.hasPrefix(".") ? "sample_" + cleaned : cleaned
    }
}

private enum Outcome {
    case success((String, CaseAnalysis, CaseReport))
    case failure(String)
}

/// Results written from concurrent workers, one slot each.
private final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [Outcome?]
    init(count: Int) { storage = Array(repeating: nil, count: count) }
    func set(_ index: Int, _ value: Outcome) { lock.withLock { storage[index] = value } }
    var values: [Outcome?] { lock.withLock { storage } }
}

/// The index's wording of each patient's failure, filled by the worker threads.
private final class FailureNames: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [String?]
    init(count: Int) { storage = Array(repeating: nil, count: count) }
    func set(_ index: Int, _ value: String) { lock.withLock { storage[index] = value } }
    var values: [String?] { lock.withLock { storage } }
}
