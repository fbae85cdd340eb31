/// Tab-separated outputs: the `score` table (the command-line contract) and the `annotate` table.
public enum TableWriter {
    /// Columns of `fusionboard score` (the first 13 are the contract; more may be appended).
    public static let scoreColumns = [
        "sample", "sv_ids", "fusion", "gene5", "gene3", "chrom5", "pos5", "chrom3", "pos3", "frame", "driver_probability", "class",
        "top_evidence", "sv_type", "exons", "transcript5", "transcript3", "split_reads", "spanning_pairs", "input_build", "input_pos5",
        "input_pos3", "scorer",
    ]

    /// One row per candidate fusion.
    public static func scoreTable(_ analyses: [CaseAnalysis]) -> String {
        var lines = [scoreColumns.joined(separator: "\t")]
        for analysis in analyses {
            for f in analysis.fusions {
                let top = f.score.contributions.sorted { abs($0.contribution) > abs($1.contribution) }.prefix(3)
                    .map { "\($0.feature)=\($0.value)(\($0.contribution >= 0 ? "+" : "")\(String(format2: $0.contribution)))" }
                    .joined(separator: ";")
                let row: [String] = [
                    analysis.sample, f.recordIDs.joined(separator: ","), f.fusion.name, f.fusion.fivePrime.gene, f.fusion.threePrime.gene,
                    Chromosome.ucscName(f.fusion.breakend5.position.chromosome), String(f.fusion.breakend5.position.position),
                    Chromosome.ucscName(f.fusion.breakend3.position.chromosome), String(f.fusion.breakend3.position.position),
                    f.fusion.frame.rawValue, String(format4: f.score.probability), f.score.driverClass.rawValue, top,
                    f.svType.rawValue,
                    "\(f.fusion.fivePrime.keptExons.map { "e\($0.upperBound)" } ?? "?")::\(f.fusion.threePrime.keptExons.map { "e\($0.lowerBound)" } ?? "?")",
                    f.fusion.fivePrime.transcript.accession, f.fusion.threePrime.transcript.accession,
                    f.support.splitReads.map(String.init) ?? "", f.support.spanningPairs.map(String.init) ?? "",
                    f.inputBuild.rawValue, "\(f.fusion.breakend5.inputPosition.chromosome):\(f.fusion.breakend5.inputPosition.position)",
                    "\(f.fusion.breakend3.inputPosition.chromosome):\(f.fusion.breakend3.inputPosition.position)", f.score.scorer,
                ]
                lines.append(row.map(cell).joined(separator: "\t"))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Columns of `fusionboard annotate`.
    public static let annotateColumns = [
        "sample", "sv_ids", "sv_type", "chrom1", "pos1", "genes1", "region1", "chrom2", "pos2", "genes2", "region2", "fusions", "note",
        "input_build", "input_pos1", "input_pos2", "filter",
    ]

    /// One row per SV event (``StructuralVariantEvent``: a mate pair, a symbolic record — an `<INV>` with both
    /// its junctions, an `<INS>` with none —, a one-record junction, a single breakend or an RNA fusion row).
    public static func annotateTable(_ analyses: [CaseAnalysis]) -> String {
        var lines = [annotateColumns.joined(separator: "\t")]
        for analysis in analyses {
            for e in analysis.events {
                let b1 = e.annotation1.breakend, b2 = e.annotation2?.breakend
                let row: [String] = [
                    analysis.sample, e.event.recordIDs.joined(separator: ","), e.event.svType.rawValue,
                    Chromosome.ucscName(b1.position.chromosome), String(b1.position.position), e.annotation1.shownGenes.joined(separator: ","),
                    e.annotation1.regionSummary,
                    b2.map { Chromosome.ucscName($0.position.chromosome) } ?? "", b2.map { String($0.position.position) } ?? "",
                    e.annotation2?.shownGenes.joined(separator: ",") ?? "", e.annotation2?.regionSummary ?? "",
                    e.fusions.joined(separator: ","), e.note ?? "",
                    e.inputBuild.rawValue, "\(b1.inputPosition.chromosome):\(b1.inputPosition.position)",
                    b2.map { "\($0.inputPosition.chromosome):\($0.inputPosition.position)" } ?? "", e.event.filter,
                ]
                lines.append(row.map(cell).joined(separator: "\t"))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A TSV cell: tabs and newlines in values become spaces, empty becomes `.`.
    static func cell(_ value: String) -> String {
        if value.isEmpty { return "." }
        return String(value.map { $0 == "\t" || $0 == "\n" || $0 == "\r" ? " " : $0 })
    }
}

extension String {
    /// Fixed four-decimal formatting, locale-independent.
    init(format4 value: Double) {
        let scaled = (value * 10_000).rounded()
        let sign = scaled < 0 ? "-" : ""
        let magnitude = Int(abs(scaled))
        let fraction = String(magnitude % 10_000)
        self = "\(sign)\(magnitude / 10_000).\(String(repeating: "0", count: 4 - fraction.count))\(fraction)"
    }
}

/// One fusion of `fusionboard score --output-format json`: the contract's columns at the top level
/// (the same names as the TSV, plus `model_output`, `baseline`, `contributions` and `mechanism`),
/// and the whole annotated, scored and explained fusion under `detail`.
public struct ScoreRecord: Encodable {
    public var sample: String
    public var svIDs: [String]
    public var fusion: String
    public var gene5: String
    public var gene3: String
    public var chrom5: String
    public var pos5: Int
    public var chrom3: String
    public var pos3: Int
    public var frame: String
    public var driverProbability: Double
    public var driverClass: String
    public var modelOutput: Double
    public var baseline: Double
    public var contributions: [Contribution]
    public var scorer: String
    public var mechanism: MechanismSummary?
    public var detail: ScoredFusion

    enum CodingKeys: String, CodingKey {
        case sample, fusion, gene5, gene3, chrom5, pos5, chrom3, pos3, frame, baseline, contributions, scorer, mechanism, detail
        case svIDs = "sv_ids"
        case driverProbability = "driver_probability"
        case driverClass = "class"
        case modelOutput = "model_output"
    }

    public init(sample: String, _ f: ScoredFusion) {
        self.sample = sample
        svIDs = f.recordIDs
        fusion = f.fusion.name
        gene5 = f.fusion.fivePrime.gene
        gene3 = f.fusion.threePrime.gene
        chrom5 = Chromosome.ucscName(f.fusion.breakend5.position.chromosome)
        pos5 = f.fusion.breakend5.position.position
        chrom3 = Chromosome.ucscName(f.fusion.breakend3.position.chromosome)
        pos3 = f.fusion.breakend3.position.position
        frame = f.fusion.frame.rawValue
        driverProbability = f.score.probability
        driverClass = f.score.driverClass.rawValue
        modelOutput = f.score.modelOutput
        baseline = f.score.baseline
        contributions = f.score.contributions
        scorer = f.score.scorer
        mechanism = f.explanation?.mechanism
        detail = f
    }

    /// Every fusion of the analyses, in table order.
    public static func records(_ analyses: [CaseAnalysis]) -> [ScoreRecord] {
        analyses.flatMap { a in a.fusions.map { ScoreRecord(sample: a.sample, $0) } }
    }
}
