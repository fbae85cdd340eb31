import Foundation

/// One row of a labelled fusion table (the DEEPrior / ChimerDriver layout).
public struct LabelledFusion: Sendable, Codable, Hashable {
    /// The row's index column (first column), used as its record ID.
    public var id: String
    /// 1-based line in the file.
    public var line: Int
    /// `GENE5_GENE3` as the file writes it.
    public var pair: String
    public var gene5: String
    public var gene3: String
    /// 1 = driver (onco), 0 = not.
    public var label: Int
    /// The row's own genome build (`Version` column).
    public var build: GenomeBuild
    /// The junction in GRCh38 (lifted when the row is GRCh37); nil when a breakpoint could not be lifted.
    public var junction: Junction?
    /// Why no junction could be made (a liftover gap), when `junction` is nil.
    public var problem: String?
}

/// Reads labelled fusion tables: tab-separated despite the `.csv` name, first column an index, then
/// `FusionPair Label Version Chr5p Coord5p 5pStrand 5pCommonName … Chr3p Coord3p 3pStrand 3pCommonName …`.
///
/// Each row is a junction in its own build (`Version`: grch37 rows are lifted to GRCh38 with the
/// chain given). `Coord` is the 1-based breakpoint and `Strand` the gene's strand, so the 5′ breakend
/// keeps the left side when 5pStrand is `+` (else the right), and the 3′ breakend keeps the right side
/// when 3pStrand is `+` (else the left). The named genes restrict the fusions the annotator builds.
/// `Version`, `MainProteins` and `Proteins` are never carried further (they leak the label).
public struct LabelledReader {
    public let path: String
    public let liftover: Liftover?

    public init(path: String, liftover: Liftover?) {
        self.path = path
        self.liftover = liftover
    }

    /// The header columns this reader needs.
    static let requiredColumns = ["FusionPair", "Label", "Version", "Chr5p", "Coord5p", "5pStrand", "5pCommonName", "Chr3p", "Coord3p", "3pStrand", "3pCommonName"]

    /// Reads every row, keeping rows whose breakpoints cannot be lifted (with `problem` set).
    public func readRows() throws -> [LabelledFusion] {
        var index: [String: Int] = [:]
        var rows: [LabelledFusion] = []
        var fields: [Slice<UnsafeBufferPointer<UInt8>>] = []
        var columnCount = 0
        try LineReader(path: path).forEachLine { line, number in
            if line.isEmpty { return }
            Bytes.split(line, on: Bytes.tab, into: &fields)
            if number == 1 {
                for (i, field) in fields.enumerated() { index[Bytes.string(field)] = i }
                columnCount = fields.count
                let missing = Self.requiredColumns.filter { index[$0] == nil }
                if !missing.isEmpty {
                    throw InputError(
                        file: path, line: 1,
                        "not a labelled fusion table: missing column(s) \(missing.joined(separator: ", ")); expected a tab-separated header with \(Self.requiredColumns.joined(separator: " "))")
                }
                return
            }
            guard fields.count >= columnCount else {
                throw InputError(file: path, line: number, "expected \(columnCount) tab-separated columns, found \(fields.count); check the row is complete and uses tabs")
            }
            func text(_ column: String) -> String { Bytes.string(fields[index[column]!]) }
            func int(_ column: String) throws -> Int {
                guard let value = Bytes.int(fields[index[column]!]) else {
                    throw InputError(file: path, line: number, "column \(column) must be an integer, found '\(text(column).prefix(40))'")
                }
                return value
            }
            let label = try int("Label")
            guard label == 0 || label == 1 else { throw InputError(file: path, line: number, "Label must be 0 or 1, found \(label)") }
            let versionText = text("Version")
            guard let build = GenomeBuild(parsing: versionText) else {
                throw InputError(file: path, line: number, "Version must be grch37 or grch38, found '\(versionText.prefix(20))'")
            }
            func strand(_ column: String) throws -> Strand {
                switch text(column) {
                case "+", "1": return .plus
                case "-", "-1": return .minus
                default: throw InputError(file: path, line: number, "column \(column) must be + or -, found '\(text(column).prefix(10))'")
                }
            }
            let strand5 = try strand("5pStrand"), strand3 = try strand("3pStrand")
            func chromosome(_ column: String) throws -> String {
                guard let name = Chromosome.canonical(text(column)) else {
                    throw InputError(
                        file: path, line: number,
                        "column \(column) '\(text(column).prefix(20))' is not a chromosome FusionBoard reads (1–22, X, Y, MT, with or without 'chr')")
                }
                return name
            }
            /// A 1-based breakpoint within its chromosome in the row's build.
            func coordinate(_ column: String, on chromosome: String) throws -> Int {
                let value = try int(column)
                guard value >= 1 else { throw InputError(file: path, line: number, "column \(column) must be a position ≥ 1, found \(value)") }
                if let length = build.length(ofChromosome: chromosome), value > length {
                    throw InputError(
                        file: path, line: number,
                        "column \(column) \(CallSetBuilder.grouped(value)) lies past the end of \(build) \(Chromosome.ucscName(chromosome)) (\(CallSetBuilder.grouped(length)) bp)")
                }
                return value
            }
            let chrom5 = try chromosome("Chr5p"), chrom3 = try chromosome("Chr3p")
            let coord5 = try coordinate("Coord5p", on: chrom5), coord3 = try coordinate("Coord3p", on: chrom3)
            let pair = text("FusionPair")
            let halves = pair.split(separator: "_", omittingEmptySubsequences: false)
            guard halves.count >= 2, !halves.first!.isEmpty, !halves.last!.isEmpty else {
                throw InputError(file: path, line: number, "FusionPair '\(pair.prefix(40))' is not GENE5_GENE3 (the two genes joined by '_')")
            }
            let id = Bytes.string(fields[0]).isEmpty ? "LINE:\(number)" : Bytes.string(fields[0])
            let gene5 = text("5pCommonName"), gene3 = text("3pCommonName")
            var row = LabelledFusion(id: id, line: number, pair: pair, gene5: gene5, gene3: gene3, label: label, build: build, junction: nil, problem: nil)
            let side5: KeptSide = strand5 == .plus ? .left : .right
            let side3: KeptSide = strand3 == .plus ? .right : .left
            let input5 = GenomicPosition(chromosome: chrom5, position: coord5), input3 = GenomicPosition(chromosome: chrom3, position: coord3)
            func lift(_ p: GenomicPosition, _ side: KeptSide) throws -> (GenomicPosition, KeptSide)? {
                guard build == .grch37 else { return (p, side) }
                guard let liftover else {
                    throw InputError(
                        file: path, line: number,
                        "the row is grch37 but no liftover chain is available; pass --chain hg19ToHg38.over.chain.gz or use a knowledge base with the liftover source")
                }
                guard let mapped = liftover.map(p) else { return nil }
                return (mapped.position, mapped.reversed ? (side == .left ? .right : .left) : side)
            }
            guard let (p5, s5) = try lift(input5, side5), let (p3, s3) = try lift(input3, side3) else {
                row.problem = "a breakpoint falls in a GRCh37→GRCh38 liftover gap"
                rows.append(row)
                return
            }
            let first = Breakend(id: id, position: p5, inputPosition: input5, keptSide: s5)
            let second = Breakend(id: id, position: p3, inputPosition: input3, keptSide: s3)
            row.junction = Junction(
                recordIDs: [id], first: first, second: second, svType: StructuralVariantType.inferred(first, second), line: number,
                namedGene5: gene5.isEmpty ? nil : gene5, namedGene3: gene3.isEmpty ? nil : gene3)
            rows.append(row)
        }
        if index.isEmpty { throw InputError(file: path, line: nil, "the file is empty; expected a labelled fusion table with a header line") }
        return rows
    }

    /// Reads the table as a call set (labels dropped), for `annotate`/`score` on a labelled file.
    public func read() throws -> CallSet {
        let rows = try readRows()
        var statistics = InputStatistics()
        statistics.recordsRead = rows.count
        statistics.liftoverFailures = rows.filter { $0.junction == nil }.count
        let junctions = rows.compactMap(\.junction)
        statistics.junctions = junctions.count
        let builds = Set(rows.map(\.build))
        return CallSet(
            file: path, format: .labelled, sample: nil, build: builds.count == 1 ? builds.first! : .grch38, buildEvidence: .record,
            junctions: junctions, singleBreakends: [], statistics: statistics,
            warnings: rows.compactMap { row in row.problem.map { InputWarning(file: path, line: row.line, $0) } }, sha256: try FileDigest.sha256(path: path))
    }
}
