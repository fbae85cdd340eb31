import ArgumentParser
import Foundation
import FusionBoardCore

@main
struct FusionBoardCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fusionboard",
        abstract: "Scores and explains gene fusions in a patient's structural variants and writes tumor-board reports.",
        version: FusionBoardVersion.current,
        subcommands: [KnowledgeBaseCommand.self, Annotate.self, Score.self, Explain.self, Report.self, Cohort.self, BenchInput.self, BenchScoring.self, Train.self, Evaluate.self, Features.self])

    /// Exit codes of the contract: 1 for input or usage errors (ArgumentParser's 64 included), 2 for an unusable knowledge base.
    static func main() {
        StandardOutput.prepare()
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                // --help, --version: printed here so that a failed write is reported like any other.
                let message = fullMessage(for: error)
                do {
                    if !message.isEmpty { try StandardOutput.line(message) }
                } catch {
                    printError("Error: \(error)")
                    Foundation.exit(1)
                }
                Foundation.exit(0)
            }
            if code == .validationFailure {
                printError(fullMessage(for: error))
                Foundation.exit(1)
            }
            exit(withError: error)
        }
        if let reason = StandardOutput.flushFailure() {
            printError("Error: cannot write to standard output: \(reason)")
            Foundation.exit(1)
        }
    }
}

/// Runs a command body, mapping library errors onto the contract's exit codes.
func withContractExitCodes(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as KnowledgeBaseError {
        printError("Error: \(error)")
        throw ExitCode(2)
    } catch let error as InputError {
        printError("Error: \(error)")
        throw ExitCode(1)
    } catch let error as ReportError {
        printError("Error: \(error)")
        throw ExitCode(1)
    } catch let error as ExitCode {
        throw error
    } catch let error as CleanExit {
        throw error
    } catch {
        printError("Error: \(error)")
        throw ExitCode(1)
    }
}

/// `--kb FILE`, shared by every command that reads the knowledge base.
struct KnowledgeBaseOptions: ParsableArguments {
    @Option(name: .customLong("kb"), help: "Knowledge base file (default: $FUSIONBOARD_KB, ./kb/fusionboard.sqlite, then the user data directory).")
    var path: String?

    func open() throws -> KnowledgeBase {
        let located = KnowledgeBase.locate(explicit: path)
        return try KnowledgeBase(path: located.path)
    }

    /// The knowledge base as a file read (no output may be it).
    var read: (role: String, path: String) { ("knowledge base", KnowledgeBase.locate(explicit: path).path) }
}

/// Input options shared by annotate, score and report.
struct InputArguments: ParsableArguments {
    @Argument(help: "Input files: SV VCF, BEDPE, Arriba fusions.tsv, STAR-Fusion, or a fusion table (gene5 gene3 bp5 bp3); plain, gzip or bgzip.")
    var inputs: [String] = []

    @Option(help: "Input format: auto (detect by content), vcf, bedpe, arriba, star-fusion, defuse, infusion, tophat-fusion, fusionhunter, table.")
    var format: String = "auto"

    @Option(help: "Genome build of the inputs: GRCh37 (hg19, b37) or GRCh38 (default: the VCF header's ##reference/##contig lengths, a table's build column, else GRCh38).")
    var build: String?

    @Option(help: "UCSC chain file for GRCh37 → GRCh38, e.g. hg19ToHg38.over.chain.gz (default: the knowledge base's liftover source).")
    var chain: String?

    @Flag(help: "Keep records whose FILTER is neither PASS nor '.' (and Arriba low-confidence calls).")
    var includeFiltered = false

    @Option(help: "Sample holding the tumour: a VCF sample column (default: one named TUMOR/TUMOUR, else the one ending in T, else the last) or a table's sample_id.")
    var tumorSample: String?

    func validate() throws {
        if inputs.isEmpty { throw ValidationError("give at least one input file") }
        if InputFormat(rawValue: format) == nil || format == InputFormat.labelled.rawValue {
            throw ValidationError("--format '\(format)' is not one of \(InputFormat.allCases.filter { $0 != .labelled }.map(\.rawValue).joined(separator: ", "))")
        }
        if let build, GenomeBuild(parsing: build) == nil { throw ValidationError("--build '\(build)' is not GRCh37 or GRCh38") }
    }

    /// The files read: inputs, the chain file and the knowledge base (no output may be one of them).
    func reads(_ kb: KnowledgeBaseOptions) -> [(role: String, path: String)] {
        inputs.map { ("input", $0) } + (chain.map { [("chain file", $0)] } ?? []) + [kb.read]
    }

    func inputOptions() throws -> InputOptions {
        var options = InputOptions()
        options.format = InputFormat(rawValue: format) ?? .auto
        options.build = build.flatMap(GenomeBuild.init(parsing:))
        options.includeFiltered = includeFiltered
        options.tumorSample = tumorSample
        if let chain { options.liftover = try Liftover(chainFile: chain) }
        return options
    }
}

/// `-o FILE` and `--output-format tsv|json`.
struct OutputArguments: ParsableArguments {
    @Option(name: .shortAndLong, help: "Output file (default, or -: standard output).")
    var output: String?

    @Option(help: "tsv or json.")
    var outputFormat: String = "tsv"

    func validate() throws {
        if !["tsv", "json"].contains(outputFormat) { throw ValidationError("--output-format must be tsv or json") }
    }

    /// The checked output file, or nil for standard output (no `-o`, or `-o -`). Call before any work.
    func target(reading reads: [(role: String, path: String)]) throws -> OutputTarget? {
        guard let output, output != "-" else { return nil }
        return try OutputPlan.check(closedAtStart: StandardOutput.closedDescriptors, [("-o", output)], reads: reads).first
    }

    func emit(_ text: String, to target: OutputTarget?) throws {
        if let target { try AtomicFile.write(text, to: target) } else { try StandardOutput.write(text) }
    }
}

/// `--sample`, when given, must name something.
func validateSample(_ sample: String?) throws {
    if let sample, sample.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
        throw ValidationError("--sample must not be empty; give the patient's sample ID")
    }
}

func jsonText<T: Encodable>(_ value: T) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
}

func printWarnings(_ analyses: [CaseAnalysis]) {
    for warning in analyses.flatMap(\.warnings).prefix(20) { printError("warning: \(warning)") }
}

/// The report date: `SOURCE_DATE_EPOCH` when set (reproducible output), else now.
func reportDate() -> Date {
    if let epoch = ProcessInfo.processInfo.environment["SOURCE_DATE_EPOCH"].flatMap(TimeInterval.init) {
        return Date(timeIntervalSince1970: epoch)
    }
    return Date()
}
