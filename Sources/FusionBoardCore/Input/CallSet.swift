/// The input file formats FusionBoard reads.
public enum InputFormat: String, Sendable, Codable, CaseIterable {
    case auto
    case vcf
    case bedpe
    case arriba
    case starFusion = "star-fusion"
    case table
    case defuse
    case infusion
    case tophatFusion = "tophat-fusion"
    case fusionHunter = "fusionhunter"
    case labelled
}

/// Counts of what an input held and what became of each record, for the report's "SVs read / filtered" line.
///
/// Every data record lands in exactly one bucket, so for single-allele files
/// `recordsRead == filteredOut + skippedContigs + liftoverFailures + notStructural + singleBreakends
/// + withoutJunction + recordsInJunctions` (``isBalanced``).
public struct InputStatistics: Sendable, Codable, Equatable {
    /// Data records (lines) read, headers excluded.
    public var recordsRead = 0
    /// Records dropped because FILTER was neither PASS nor `.` (kept with `--include-filtered`).
    public var filteredOut = 0
    /// Records on alt, decoy, unplaced or unknown contigs (`chrUn_…`, `…_alt`, `hs37d5`, `GL000220.1`).
    public var skippedContigs = 0
    /// Records with a position that could not be lifted to GRCh38.
    public var liftoverFailures = 0
    /// Records that are not structural variants (SNVs, small indels without SVTYPE); ignored.
    public var notStructural = 0
    /// Breakends without a partner (single breakends, missing mates, mates on skipped contigs); never turned into fusions.
    public var singleBreakends = 0
    /// Structural-variant records that imply no junction (insertions, copy-number and complex records).
    public var withoutJunction = 0
    /// Records that became (part of) a junction.
    public var recordsInJunctions = 0
    /// Junctions produced (an `<INV>` record gives two).
    public var junctions = 0
    /// Events (calls): mate pairs, one-record junctions, symbolic records, single breakends (see ``StructuralVariantEvent``).
    public var events = 0

    public init() {}

    /// True when every record read is accounted for in exactly one bucket.
    public var isBalanced: Bool {
        recordsRead == filteredOut + skippedContigs + liftoverFailures + notStructural + singleBreakends + withoutJunction
            + recordsInJunctions
    }
}

/// Where the genome build of an input came from.
public enum BuildEvidence: String, Sendable, Codable {
    case commandLine = "command line"
    case header = "file header"
    case record = "per-record column"
    case defaulted = "default (no build in the file)"
    /// The file names no build and has positions past GRCh38 chromosome ends, all within GRCh37's.
    case positions = "positions past GRCh38 chromosome ends"
    /// The file names no build and the genes its caller named lie at their breakpoints only when it is read as GRCh37.
    case namedGenes = "genes the caller named at their breakpoints"
}

/// Everything read from one input file: the junctions in GRCh38, with the counts and warnings.
public struct CallSet: Sendable, Codable {
    /// The file as the user named it.
    public var file: String
    public var format: InputFormat
    /// Sample name from the file (VCF tumour column), if any.
    public var sample: String?
    public var build: GenomeBuild
    public var buildEvidence: BuildEvidence
    public var junctions: [Junction]
    /// The calls, in input order, each pointing at its junctions (the `annotate` table's rows).
    public var events: [StructuralVariantEvent]
    /// Breakends without a known partner.
    public var singleBreakends: [Breakend]
    public var statistics: InputStatistics
    /// Non-fatal problems worth telling the user (missing mates, build contradictions …).
    public var warnings: [InputWarning]
    /// SHA-256 of the file's bytes as stored (compressed if it is compressed).
    public var sha256: String

    public init(
        file: String, format: InputFormat, sample: String?, build: GenomeBuild, buildEvidence: BuildEvidence,
        junctions: [Junction], events: [StructuralVariantEvent] = [], singleBreakends: [Breakend], statistics: InputStatistics, warnings: [InputWarning], sha256: String
    ) {
        self.file = file
        self.format = format
        self.sample = sample
        self.build = build
        self.buildEvidence = buildEvidence
        self.junctions = junctions
        // A reader that does not group its records gets one event per junction.
        self.events = events.isEmpty
            ? junctions.enumerated().map { index, j in
                StructuralVariantEvent(
                    recordIDs: j.recordIDs, svType: j.svType, first: j.first, second: j.second, junctionIndices: [index], line: j.line,
                    filter: j.filter, support: j.support)
            } : events
        self.singleBreakends = singleBreakends
        self.statistics = statistics
        self.warnings = warnings
        self.sha256 = sha256
    }
}

/// How inputs are read.
public struct InputOptions: Sendable {
    public var format: InputFormat = .auto
    /// The build the user asserted, or nil to take it from the file.
    public var build: GenomeBuild?
    /// Keep records whose FILTER is not PASS.
    public var includeFiltered = false
    /// VCF sample column holding the tumour (default: one named TUMOR/TUMOUR/…T, else the last).
    public var tumorSample: String?
    /// Maps GRCh37 positions to GRCh38; nil when no chain is available.
    public var liftover: Liftover?
    /// Where `liftover` came from, for the error when a GRCh37 input has none (e.g. "knowledge base X has no liftover source").
    public var liftoverAbsentReason: String?

    public init() {}
}

extension InputOptions {
    /// The one patient a table's rows are read for: the only sample its rows name, else the one `--tumor-sample`
    /// chooses (nil when no row names a sample). Several samples without a choice, or a choice not among them,
    /// are an error naming the file.
    func chooseSample(among named: [String], file path: String) throws -> String? {
        let samples = Array(Set(named)).sorted()
        guard samples.count > 1 else { return samples.first }
        guard let chosen = tumorSample else {
            throw InputError(
                file: path, line: nil,
                "the file holds \(samples.count) samples (\(samples.prefix(5).joined(separator: ", "))\(samples.count > 5 ? ", …" : "")); choose one with --tumor-sample")
        }
        guard samples.contains(chosen) else {
            throw InputError(file: path, line: nil, "--tumor-sample '\(chosen)' is not among the samples (\(samples.prefix(10).joined(separator: ", ")))")
        }
        return chosen
    }
}
