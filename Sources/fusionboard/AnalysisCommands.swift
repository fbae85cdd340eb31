import ArgumentParser
import Foundation
import FusionBoardCore

struct Annotate: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Annotate each SV event with genes, regions and candidate fusions (one row per event).")

    @OptionGroup var input: InputArguments
    @OptionGroup var output: OutputArguments
    @OptionGroup var kb: KnowledgeBaseOptions

    @Option(help: "Sample name for the output (default: from the file).")
    var sample: String?

    func validate() throws { try validateSample(sample) }

    func run() throws {
        try withContractExitCodes {
            let target = try output.target(reading: input.reads(kb))
            let base = try kb.open()
            var options = PipelineOptions()
            options.input = try input.inputOptions()
            let pipeline = Pipeline(knowledgeBase: base, options: options)
            try InputReader.requireDistinct(input.inputs)
            let analyses = try input.inputs.map { try pipeline.run(inputs: [$0], sample: sample) }
            printWarnings(analyses)
            try output.emit(output.outputFormat == "json" ? try jsonText(analyses.map(\.junctions)) : TableWriter.annotateTable(analyses), to: target)
        }
    }
}

struct Score: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Score every candidate fusion for driver likelihood (one row per fusion).")

    @OptionGroup var input: InputArguments
    @OptionGroup var output: OutputArguments
    @OptionGroup var kb: KnowledgeBaseOptions

    @Option(help: "Sample name for the output (default: from the file).")
    var sample: String?

    @Flag(help: "Score as if each pair had never been reported (no known-fusion evidence).")
    var deNovo = false

    @OptionGroup var explanation: ExplanationArguments

    func validate() throws { try validateSample(sample) }

    func run() throws {
        try withContractExitCodes {
            let target = try output.target(reading: input.reads(kb))
            let base = try kb.open()
            var options = PipelineOptions()
            options.input = try input.inputOptions()
            options.deNovo = deNovo
            options.explanation = explanation.options()
            let pipeline = Pipeline(knowledgeBase: base, options: options)
            try InputReader.requireDistinct(input.inputs)
            let analyses = try input.inputs.map { try pipeline.run(inputs: [$0], sample: sample) }
            printWarnings(analyses)
            try output.emit(output.outputFormat == "json" ? try jsonText(ScoreRecord.records(analyses)) : TableWriter.scoreTable(analyses), to: target)
        }
    }
}

struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a patient's HTML case report (and optionally its Markdown, JSON and TSV).")

    @OptionGroup var input: InputArguments
    @OptionGroup var kb: KnowledgeBaseOptions

    @Option(help: "Sample ID shown in the report.")
    var sample: String

    @Option(help: "Tumour type shown in the report.")
    var tumorType: String?

    @Option(name: .shortAndLong, help: "HTML report to write.")
    var output: String = "report.html"

    @Option(help: "Also write the rendered Markdown here.")
    var markdown: String?

    @Option(help: "Also write everything in the report as JSON here.")
    var json: String?

    @Option(help: "Also write the fusion table (score columns, ## provenance lines) as TSV here.")
    var tsv: String?

    @Option(help: "Folder of report templates; templates found there replace the installed ones of the same name.")
    var templates: String?

    @Option(help: "Report language: en or ja.")
    var language: String = "en"

    @Option(help: "Fusions given a full card in the HTML (the rest are in the summary table, JSON and TSV).")
    var maxCards: Int = ReportRenderer.defaultMaxCards

    @Flag(help: "Score as if each pair had never been reported (no known-fusion evidence).")
    var deNovo = false

    @OptionGroup var llm: LLMArguments

    func validate() throws {
        try validateSample(sample)
        if ReportLanguage(rawValue: language) == nil { throw ValidationError("--language must be en or ja, not '\(language)'") }
        if maxCards < 0 { throw ValidationError("--max-cards must be 0 or more") }
    }

    func run() throws {
        try withContractExitCodes {
            // Every output checked (against each other, the inputs and the knowledge base) before any work.
            let requested = [("-o", output), ("--markdown", markdown), ("--json", json), ("--tsv", tsv)]
                .compactMap { option, path in path.map { (option: option, path: $0) } }
            let targets = try OutputPlan.check(closedAtStart: StandardOutput.closedDescriptors, requested, reads: input.reads(kb))
            let base = try kb.open()
            guard let folders = ReportRenderer.templateFolders(explicit: templates) else {
                throw ReportError("cannot find the report templates; pass --templates DIR (the Templates/ folder of FusionBoard)")
            }
            let renderer = try ReportRenderer(templatesDirectories: folders, language: ReportLanguage(rawValue: language) ?? .en, maxCards: maxCards)
            var options = PipelineOptions()
            options.input = try input.inputOptions()
            options.deNovo = deNovo
            options.explanation = ExplanationOptions(language: ExplanationLanguage(rawValue: language) ?? .en, llm: llm.configuration())
            let analysis = try Pipeline(knowledgeBase: base, options: options).run(inputs: input.inputs, sample: sample, tumorType: tumorType)
            printWarnings([analysis])
            let rendered = renderer.render(analysis, generatedAt: reportDate())
            let texts = ["-o": rendered.html, "--markdown": rendered.markdown, "--json": rendered.json, "--tsv": rendered.tsv]
            try AtomicFile.write(targets.map { ($0, texts[$0.option] ?? "") })
            let fusions = analysis.fusions.count, cards = rendered.document.cardsShown
            try StandardOutput.line(
                "\(output): \(fusions) \(fusions == 1 ? "fusion" : "fusions") for \(analysis.sample) (\(cards) \(cards == 1 ? "card" : "cards"))")
        }
    }
}

struct Cohort: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Render a report for every patient of a manifest (TSV with columns sample, path[, tumor_type]), an index.html and a merged TSV.")

    @Argument(help: "Manifest TSV: sample<TAB>path[<TAB>tumor_type], header required; paths relative to the manifest.")
    var manifest: String

    @Option(name: .shortAndLong, help: "Output folder.")
    var output: String = "out/cohort"

    @Option(help: "Patients rendered in parallel.")
    var jobs: Int = 1

    @Option(help: "Folder of report templates; templates found there replace the installed ones of the same name.")
    var templates: String?

    @Option(help: "Report language: en or ja.")
    var language: String = "en"

    @Option(help: "Fusions given a full card in each patient's HTML.")
    var maxCards: Int = ReportRenderer.defaultMaxCards

    @OptionGroup var kb: KnowledgeBaseOptions

    func validate() throws {
        if jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        if ReportLanguage(rawValue: language) == nil { throw ValidationError("--language must be en or ja, not '\(language)'") }
        if maxCards < 0 { throw ValidationError("--max-cards must be 0 or more") }
    }

    func run() throws {
        try withContractExitCodes {
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: output, isDirectory: &isFolder), !isFolder.boolValue {
                throw ReportError("-o \(output) is a file, not a folder; give the folder the cohort's reports go to (it is created if missing)")
            }
            let entries = try CohortManifest.read(manifest)
            let located = KnowledgeBase.locate(explicit: kb.path).path
            guard let folders = ReportRenderer.templateFolders(explicit: templates) else {
                throw ReportError("cannot find the report templates; pass --templates DIR")
            }
            let runner = CohortRunner(
                knowledgeBasePath: located, templatesDirectory: folders.last!, outputDirectory: output, jobs: jobs,
                templatesDirectories: folders, language: ReportLanguage(rawValue: language) ?? .en, maxCards: maxCards,
                executable: Self.executable())
            // Every report, the index and the merged table checked against each other and everything read, before any work.
            let reads = [("manifest", manifest), ("knowledge base", located)] + entries.flatMap { $0.inputs.map { (role: "input", path: $0) } }
            _ = try OutputPlan.check(closedAtStart: StandardOutput.closedDescriptors, runner.outputFiles(entries).map { (option: "-o", path: $0) }, reads: reads)
            _ = try KnowledgeBase(path: located)  // exit 2 early if unusable
            let result = try runner.run(entries, generatedAt: reportDate())
            if !result.failures.isEmpty {
                printError("\(result.failures.count) of \(entries.count) patients failed (listed in \(result.index)):")
                for failure in result.failures { printError("  \(failure)") }
            }
            try StandardOutput.write((result.written + [result.index]).map { $0 + "\n" }.joined())
            if !result.failures.isEmpty { throw ExitCode(1) }
        }
    }

    /// This executable, which runs each patient in a child process (`fusionboard report`).
    static func executable() -> String? {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? Bundle.main.executablePath
    }
}
