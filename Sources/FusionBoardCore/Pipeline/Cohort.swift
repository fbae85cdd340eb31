import Foundation

/// One patient of a cohort manifest.
public struct CohortEntry: Sendable {
    public var sample: String
    public var inputs: [String]
    public var tumorType: String?
    public var line: Int
}

/// Reads a cohort manifest: tab-separated, header with `sample` and `path` (comma-separated paths
/// allowed), optional `tumor_type`; relative paths are relative to the manifest. A UTF-8 byte-order mark
/// before the header is ignored.
public enum CohortManifest {
    public static func read(_ path: String) throws -> [CohortEntry] {
        let base = URL(fileURLWithPath: path).deletingLastPathComponent()
        var header: [String]?
        var entries: [CohortEntry] = []
        try TableFile.forEachRow(path, header: false) { fields, line in
            if fields.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) || fields[0].hasPrefix("#") && header != nil { return }
            guard let columns = header else {
                header = fields.map { $0.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "# \u{FEFF}")) }
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
        try checkReportNames(entries, manifest: path)
        return entries
    }

    /// Every patient must get a report file of its own: no two sample IDs may give the same file name — the
    /// same ID twice, IDs equal once made safe for a file name (`a/b` and `a_b`), or equal but for case (one
    /// file on a case-insensitive disk) — and none may be `index` (the cohort index page).
    static func checkReportNames(_ entries: [CohortEntry], manifest: String) throws {
        var problems: [String] = []
        var firstByName: [String: CohortEntry] = [:]
        for entry in entries {
            let file = CohortRunner.reportFileName(entry.sample)
            if file.lowercased() == CohortRunner.indexFileName {
                problems.append("line \(entry.line): sample '\(entry.sample)' would be written as \(file), which is the cohort index")
                continue
            }
            guard let first = firstByName[file.lowercased()] else {
                firstByName[file.lowercased()] = entry
                continue
            }
            let firstFile = CohortRunner.reportFileName(first.sample)
            if first.sample == entry.sample {
                problems.append("line \(entry.line): sample '\(entry.sample)' is already on line \(first.line)")
            } else if firstFile == file {
                problems.append("line \(entry.line): sample '\(entry.sample)' and line \(first.line): '\(first.sample)' would both be written as \(file)")
            } else {
                problems.append("line \(entry.line): sample '\(entry.sample)' and line \(first.line): '\(first.sample)' differ only in case (\(file), \(firstFile))")
            }
        }
        if !problems.isEmpty {
            throw InputError(
                file: manifest, line: nil,
                "each patient needs a sample ID of its own, which names its report file; "
                    + problems.joined(separator: "; ") + ". Rename the samples (or remove repeated rows) so every report file name differs")
        }
    }
}

/// Renders one report per patient, finishing every patient it can: a patient whose analysis fails is
/// listed in ``Result/failures`` and in the index, and the others are written.
public struct CohortRunner: Sendable {
    public var knowledgeBasePath: String
    public var templatesDirectory: String
    public var outputDirectory: String
    public var jobs: Int
    /// Template folders in override order (the installed ones, then `--templates DIR`).
    public var templatesDirectories: [String]
    public var language: ReportLanguage
    public var maxCards: Int
    /// The `fusionboard` executable. When set, each patient is analysed by `fusionboard report` in a child
    /// process, so that even a crash (a failed runtime check) fails only that patient; when nil, in this
    /// process, where a thrown error fails only its patient but a crash ends the run.
    public var executable: String?

    public init(
        knowledgeBasePath: String, templatesDirectory: String, outputDirectory: String, jobs: Int,
        templatesDirectories: [String]? = nil, language: ReportLanguage = .en, maxCards: Int = ReportRenderer.defaultMaxCards,
        executable: String? = nil
    ) {
        self.knowledgeBasePath = knowledgeBasePath
        self.templatesDirectory = templatesDirectory
        self.outputDirectory = outputDirectory
        self.jobs = jobs
        self.templatesDirectories = templatesDirectories ?? [templatesDirectory]
        self.language = language
        self.maxCards = maxCards
        self.executable = executable
    }

    public struct Result: Sendable {
        public var written: [String]
        /// `SAMPLE (manifest line N): what went wrong`, in manifest order (the command line prints these; the index
        /// names the inputs by their file names).
        public var failures: [String]
        /// The cohort index page (`index.html`).
        public var index: String
    }

    /// The index page's file name; no patient's report may have it.
    public static let indexFileName = "index.html"
    /// The merged score table's file name.
    public static let tableFileName = "cohort.fusions.tsv"

    /// A patient's report file name from its sample ID: letters, digits, `-`, `_`, `.` kept; everything else
    /// `_`; `.html` appended.
    public static func reportFileName(_ sample: String) -> String { safeFileName(sample) + ".html" }

    /// Every file a run writes — each patient's report, the index and the merged table — to check before the run.
    public func outputFiles(_ entries: [CohortEntry]) -> [String] {
        entries.map { outputDirectory + "/" + Self.reportFileName($0.sample) }
            + [outputDirectory + "/" + Self.tableFileName, outputDirectory + "/" + Self.indexFileName]
    }

    public func run(_ entries: [CohortEntry], generatedAt: Date) throws -> Result {
        let renderer = try ReportRenderer(templatesDirectories: templatesDirectories, language: language, maxCards: maxCards)
        // The child processes' JSON and TSV go to a scratch folder beside the reports, removed at the end.
        let scratch = outputDirectory + "/.fusionboard-cohort-\(getpid())"
        if executable != nil {
            do {
                try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
            } catch {
                throw ReportError("cannot create the folder \(scratch); check that \(outputDirectory) is a writable folder")
            }
        }
        defer { if executable != nil { try? FileManager.default.removeItem(atPath: scratch) } }
        let outcomes = Slots<Outcome>(count: entries.count)
        // Failures as the index shows them: the inputs by their names, as in every report.
        let namedFailures = Slots<String>(count: entries.count)
        let queue = DispatchQueue(label: "fusionboard.cohort", attributes: .concurrent)
        let semaphore = DispatchSemaphore(value: jobs)
        let group = DispatchGroup()
        for (index, entry) in entries.enumerated() {
            semaphore.wait()
            queue.async(group: group) {
                defer { semaphore.signal() }
                let file = outputDirectory + "/" + Self.reportFileName(entry.sample)
                do {
                    let patient: PatientReport
                    if let executable {
                        patient = try runChild(executable, entry, file: file, scratch: scratch + "/\(index)", generatedAt: generatedAt)
                    } else {
                        patient = try runHere(entry, file: file, renderer: renderer, generatedAt: generatedAt)
                    }
                    outcomes.set(index, .success(patient))
                } catch {
                    outcomes.set(index, .failure("\(entry.sample) (manifest line \(entry.line)): \(error)"))
                    let line = language == .ja ? "（マニフェスト\(entry.line)行目）" : " (manifest line \(entry.line))"
                    namedFailures.set(index, "\(entry.sample)\(line): \(Self.describe(error, inputs: entry.inputs))")
                }
            }
        }
        group.wait()
        var written: [String] = []
        var failures: [String] = []
        var rows: [String] = []
        var reports: [(file: String, report: CaseReport)] = []
        for outcome in outcomes.values {
            switch outcome {
            case .success(let patient):
                written.append(patient.file)
                rows += patient.rows
                reports.append((URL(fileURLWithPath: patient.file).lastPathComponent, patient.report))
            case .failure(let message): failures.append(message)
            case nil: break
            }
        }
        let table = ([TableWriter.scoreColumns.joined(separator: "\t")] + rows).joined(separator: "\n") + "\n"
        // The provenance shared by every patient, then each patient's inputs (`##input=SAMPLE:FILE build=… sha256=…`).
        var header = reports.first.map { ReportRenderer.provenanceLines($0.report).split(separator: "\n").filter { !$0.hasPrefix("##sample=") && !$0.hasPrefix("##input=") }.joined(separator: "\n") + "\n" } ?? ""
        for r in reports {
            for input in r.report.inputs {
                header += "##input=\(TableWriter.cell(r.report.sample)):\(TableWriter.cell(input.file)) build=\(input.build) sha256=\(input.sha256)\n"
            }
        }
        let summary = CohortSummary.make(reports, failures: namedFailures.values.compactMap { $0 }, generated: CaseReport.formatDate(generatedAt), language: language)
        let index = outputDirectory + "/" + Self.indexFileName
        try AtomicFile.write([
            (try OutputTarget(outputDirectory + "/" + Self.tableFileName, option: "-o"), header + table),
            (try OutputTarget(index, option: "-o"), renderer.renderCohort(summary)),
        ])
        return Result(written: written, failures: failures, index: index)
    }

    /// One patient analysed and rendered in this process.
    func runHere(_ entry: CohortEntry, file: String, renderer: ReportRenderer, generatedAt: Date) throws -> PatientReport {
        let kb = try KnowledgeBase(path: knowledgeBasePath)
        let options = PipelineOptions.explained(in: ExplanationLanguage(rawValue: language.rawValue) ?? .en)
        let analysis = try Pipeline(knowledgeBase: kb, options: options).run(inputs: entry.inputs, sample: entry.sample, tumorType: entry.tumorType)
        let rendered = renderer.render(analysis, generatedAt: generatedAt)
        try AtomicFile.write(rendered.html, to: file)
        return PatientReport(file: file, report: rendered.document, rows: Self.scoreRows(rendered.tsv))
    }

    /// One patient analysed and rendered by `fusionboard report` in a child process, which writes the HTML
    /// and hands back the report's JSON (the index's source) and TSV (the merged table's rows).
    func runChild(_ executable: String, _ entry: CohortEntry, file: String, scratch: String, generatedAt: Date) throws -> PatientReport {
        let json = scratch + ".json", tsv = scratch + ".tsv"
        // `--name=value` so that a value starting with '-' stays a value; the inputs (absolute paths) after `--`.
        var arguments = ["report", "--sample=\(entry.sample)"]
        if let tumorType = entry.tumorType { arguments.append("--tumor-type=\(tumorType)") }
        arguments += [
            "--output=\(file)", "--json=\(json)", "--tsv=\(tsv)", "--kb=\(knowledgeBasePath)", "--language=\(language.rawValue)",
            "--max-cards=\(maxCards)",
        ]
        if let templates = templatesDirectories.last { arguments.append("--templates=\(templates)") }
        arguments += ["--"] + entry.inputs
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["SOURCE_DATE_EPOCH"] = String(generatedAt.timeIntervalSince1970)  // the cohort's date on every report
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        let errors = Pipe()
        process.standardError = errors
        do {
            try process.run()
        } catch {
            throw CohortPatientError("cannot start \(executable): \(error.localizedDescription)")
        }
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        defer {
            unlink(json)
            unlink(tsv)
        }
        let lines = stderr.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        if process.terminationReason == .uncaughtSignal {
            let detail = lines.first { $0.contains("Fatal error") || $0.contains("runtime failure") }
                .map { "; " + $0.trimmingCharacters(in: CharacterSet(charactersIn: "* ")) } ?? ""
            throw CohortPatientError(
                "the analysis stopped with signal \(process.terminationStatus)\(detail). This is a bug in fusionboard; please report it with this patient's input files")
        }
        if process.terminationStatus != 0 {
            let messages = lines.filter { $0.hasPrefix("Error: ") }.map { String($0.dropFirst("Error: ".count)) }
            let text = messages.isEmpty ? lines.suffix(3).joined(separator: " ") : messages.joined(separator: " ")
            throw CohortPatientError(text.isEmpty ? "fusionboard report exited with status \(process.terminationStatus)" : text)
        }
        do {
            let report = try JSONDecoder().decode(CaseReport.self, from: Data(contentsOf: URL(fileURLWithPath: json)))
            return PatientReport(file: file, report: report, rows: Self.scoreRows(try String(contentsOfFile: tsv, encoding: .utf8)))
        } catch {
            throw CohortPatientError("the report was written but its JSON or TSV could not be read back (\(error)); run the cohort again")
        }
    }

    /// The rows of a report's TSV, without its `##` lines and column header.
    static func scoreRows(_ tsv: String) -> [String] {
        Array(tsv.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("##") }.dropFirst())
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

/// What a patient's run hands to the index and the merged table.
struct PatientReport: Sendable {
    var file: String
    var report: CaseReport
    var rows: [String]
}

/// Why a patient's child process failed.
struct CohortPatientError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

private enum Outcome {
    case success(PatientReport)
    case failure(String)
}

/// One slot per patient, filled by the worker threads (outcomes; the index's wording of failures).
private final class Slots<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [Value?]
    init(count: Int) { storage = Array(repeating: nil, count: count) }
    func set(_ index: Int, _ value: Value) { lock.withLock { storage[index] = value } }
    var values: [Value?] { lock.withLock { storage } }
}
