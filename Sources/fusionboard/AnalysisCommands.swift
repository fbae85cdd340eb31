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

    func run() throws {
        try withContractExitCodes {
            let base = try kb.open()
            var options = PipelineOptions()
            options.input = try input.inputOptions()
            let pipeline = Pipeline(knowledgeBase: base, options: options)
            try InputReader.requireDistinct(input.inputs)
            let analyses = try input.inputs.map { try pipeline.run(inputs: [$0], sample: sample) }
            printWarnings(analyses)
            try output.emit(output.outputFormat == "json" ? try jsonText(analyses.map(\.junctions)) : TableWriter.annotateTable(analyses))
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

    func run() throws {
        try withContractExitCodes {
            let base = try kb.open()
            var options = PipelineOptions()
            options.input = try input.inputOptions()
            options.deNovo = deNovo
            options.explanation = explanation.options()
            let pipeline = Pipeline(knowledgeBase: base, options: options)
            try InputReader.requireDistinct(input.inputs)
            let analyses = try input.inputs.map { try pipeline.run(inputs: [$0], sample: sample) }
            printWarnings(analyses)
            try output.emit(output.outputFormat == "json" ? try jsonText(ScoreRecord.records(analyses)) : TableWriter.scoreTable(analyses))
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
        if ReportLanguage(rawValue: language) == nil { throw ValidationError("--language must be en or ja, not '\(language)'") }
        if maxCards < 0 { throw ValidationError("--max-cards must be 0 or more") }
    }

    func run() throws {
        try withContractExitCodes {
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
            try AtomicFile.write(rendered.html, to: output)
            if let markdown { try AtomicFile.write(rendered.markdown, to: markdown) }
            if let json { try AtomicFile.write(rendered.json, to: json) }
            if let tsv { try AtomicFile.write(rendered.tsv, to: tsv) }
            print("\(output): \(analysis.fusions.count) fusions for \(analysis.sample) (\(rendered.document.cardsShown) cards)")
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
            let entries = try CohortManifest.read(manifest)
            let located = KnowledgeBase.locate(explicit: kb.path).path
            _ = try KnowledgeBase(path: located)  // exit 2 early if unusable
            guard let folders = ReportRenderer.templateFolders(explicit: templates) else {
                throw ReportError("cannot find the report templates; pass --templates DIR")
            }
            let result = try CohortRunner(
                knowledgeBasePath: located, templatesDirectory: folders.last!, outputDirectory: output, jobs: jobs,
                templatesDirectories: folders, language: ReportLanguage(rawValue: language) ?? .en, maxCards: maxCards
            ).run(entries, generatedAt: reportDate())
            for line in result.written { print(line) }
            print(result.index)
            if !result.failures.isEmpty {
                printError("\(result.failures.count) of \(entries.count) patients failed:")
                for failure in result.failures { printError("  \(failure)") }
                throw ExitCode(1)
            }
        }
    }
}
