import Foundation

/// What a file says about its genome build, gathered while reading its header.
struct BuildClues {
    /// Length of chromosome 1 from a `##contig` line.
    var chromosome1Length: Int?
    /// The `##reference=` value.
    var reference: String?
    /// A build named per record (generic table `build` column).
    var recordBuild: GenomeBuild?

    /// The build a reference path or name points to: NCBI36 (refused), GRCh37 or GRCh38; nil when it names none.
    static func build(fromReference text: String) -> (build: GenomeBuild?, unsupported: String?) {
        let lower = text.lowercased()
        // Tokens split on anything that is not a letter or digit, so `hg19.fa` and `refdata-b37-2.1.0` both work.
        let tokens = Set(lower.split { !$0.isLetter && !$0.isNumber }.map(String.init))
        let joined = lower
        for old in ["ncbi36", "hg18", "b36", "grch36"] where tokens.contains(old) || joined.contains(old) {
            return (nil, old == "ncbi36" || old == "grch36" ? "NCBI36" : old)
        }
        if tokens.contains(where: { ["grch38", "hg38", "b38", "hs38", "hs38dh", "grch38dh"].contains($0) }) || joined.contains("grch38")
            || joined.contains("hg38") || joined.contains("assembly38")
        {
            return (.grch38, nil)
        }
        if tokens.contains(where: { ["grch37", "hg19", "b37", "hs37d5", "hs37", "v37", "grch37lite"].contains($0) }) || joined.contains("grch37")
            || joined.contains("hg19") || joined.contains("g1k_v37") || joined.contains("hs37d5") || joined.contains("assembly19")
        {
            return (.grch37, nil)
        }
        return (nil, nil)
    }

    /// Decides the build: the command line wins (with a warning when the file disagrees), then the file, then GRCh38.
    func resolve(asserted: GenomeBuild?, file: String, warnings: inout [InputWarning]) throws -> (GenomeBuild, BuildEvidence) {
        var fromLengths: GenomeBuild?
        if let length = chromosome1Length { fromLengths = GenomeBuild.allCases.first { $0.chromosome1Length == length } }
        let fromReference = reference.map(Self.build(fromReference:))
        if let asserted {
            if let fromLengths, fromLengths != asserted {
                warnings.append(
                    InputWarning(
                        file: file,
                        "--build \(asserted) contradicts the ##contig lengths, which are \(fromLengths)'s (chr1 length \(chromosome1Length!)); using \(asserted) as asked — check the build, positions will be wrong if the file really is \(fromLengths)",
                        japanese: "--build \(asserted) は##contigの長さ（chr1の長さ \(chromosome1Length!)、\(fromLengths)のもの）と矛盾します。指定どおり\(asserted)として読みました — ビルドを確認してください。ファイルが実際に\(fromLengths)なら位置は誤りです"))
            } else if let referenced = fromReference?.build, referenced != asserted {
                warnings.append(
                    InputWarning(
                        file: file, "--build \(asserted) contradicts ##reference=\(reference!), which names \(referenced); using \(asserted) as asked",
                        japanese: "--build \(asserted) は ##reference=\(reference!)（\(referenced)を示す）と矛盾します。指定どおり\(asserted)として読みました"))
            } else if let recordBuild, recordBuild != asserted {
                warnings.append(
                    InputWarning(
                        file: file, "--build \(asserted) contradicts the file's build column (\(recordBuild)); using \(asserted) as asked",
                        japanese: "--build \(asserted) はファイルのビルド列（\(recordBuild)）と矛盾します。指定どおり\(asserted)として読みました"))
            }
            return (asserted, .commandLine)
        }
        if let fromLengths { return (fromLengths, .header) }
        if let recordBuild { return (recordBuild, .record) }
        if let fromReference {
            if let unsupported = fromReference.unsupported {
                throw InputError(
                    file: file, line: nil,
                    "the header names the reference \(reference!) (\(unsupported)), a build FusionBoard does not read; lift the file to GRCh38 or GRCh37 first, or pass --build if the header is wrong")
            }
            if let build = fromReference.build { return (build, .header) }
        }
        return (.grch38, .defaulted)
    }
}

/// Applies the build conversion to input positions: identity for GRCh38, a chain for GRCh37.
struct CoordinateMapper {
    let build: GenomeBuild
    let liftover: Liftover?

    init(build: GenomeBuild, liftover: Liftover?, absentReason: String?, file: String) throws {
        self.build = build
        self.liftover = liftover
        if build == .grch37 && liftover == nil {
            throw InputError(
                file: file, line: nil,
                "the input is GRCh37 but no liftover chain is available\(absentReason.map { " (\($0))" } ?? ""); download hg19ToHg38.over.chain.gz from UCSC (hgdownload.soe.ucsc.edu/goldenPath/hg19/liftOver/) and pass --chain FILE, or rebuild the knowledge base with it in a --source-dir (make kb)")
        }
    }

    /// The GRCh38 position and kept side (flipped when the chain reverses the strand), or nil when unmappable.
    ///
    /// `spelling` is the contig name as the file wrote it: GRCh37's `MT` (b37, 1000 Genomes, Ensembl) is the
    /// rCRS like GRCh38's chrM and maps to itself, while hg19's `chrM` (NC_001807) is lifted by the chain.
    func map(_ position: GenomicPosition, _ side: KeptSide?, spelling: String? = nil) -> (position: GenomicPosition, side: KeptSide?)? {
        guard build == .grch37, let liftover else { return (position, side) }
        if position.chromosome == "MT", let spelling, !spelling.lowercased().hasSuffix("m") { return (position, side) }
        guard let lifted = liftover.map(position) else { return nil }
        let flipped: KeptSide? = lifted.reversed ? side.map { $0 == .left ? .right : .left } : side
        return (lifted.position, flipped)
    }
}

/// Collects junctions, events and counts while a reader turns records into calls, lifting positions to GRCh38.
///
/// Every reader goes through it, so the accounting of ``InputStatistics`` is the same for all formats.
struct CallSetBuilder {
    let path: String
    let mapper: CoordinateMapper
    var junctions: [Junction] = []
    var events: [StructuralVariantEvent] = []
    var singleBreakends: [Breakend] = []
    var statistics = InputStatistics()
    var warnings: [InputWarning] = []
    /// Names of the contigs records were skipped on (for the error when nothing is left).
    var skippedContigNames: Set<String> = []

    /// The canonical names of a junction's two chromosomes, or nil — counted and named as a skipped contig — when
    /// either is a contig FusionBoard does not read (alt, decoy, unplaced).
    mutating func canonicalChromosomes(_ first: String, _ second: String) -> (String, String)? {
        guard let c1 = Chromosome.canonical(first), let c2 = Chromosome.canonical(second) else {
            statistics.skippedContigs += 1
            skippedContigNames.insert(first + "/" + second)
            return nil
        }
        return (c1, c2)
    }
    /// Liftover failures are reported individually up to this many, then summarised.
    private var liftoverWarnings = 0
    /// Confidence intervals capped (over 1 Mb either side, or before position 1): named up to 20, then summarised.
    private var cappedIntervals = 0, lastCappedLine = 0
    /// Input positions past the end of their chromosome in the build read: the first (line, chromosome, position), and
    /// how many, and (GRCh38) how many of them would fit GRCh37 (``finish(format:sample:build:evidence:)`` refuses the file).
    private var pastChromosomeEnd: (line: Int, chromosome: String, position: Int)?
    private var pastChromosomeEndCount = 0, pastEndFittingGRCh37 = 0

    init(path: String, mapper: CoordinateMapper) {
        self.path = path
        self.mapper = mapper
    }

    /// The builder every reader starts from once its records are read: the build's coordinate mapping
    /// (throws when GRCh37 input has no chain), the warnings gathered so far and the records-read count.
    init(path: String, build: GenomeBuild, options: InputOptions, warnings: [InputWarning], recordsRead: Int) throws {
        let mapper = try CoordinateMapper(build: build, liftover: options.liftover, absentReason: options.liftoverAbsentReason, file: path)
        self.init(path: path, mapper: mapper)
        self.warnings = warnings
        statistics.recordsRead = recordsRead
    }

    /// A breakend at a 1-based input position on a canonical chromosome, lifted to GRCh38; nil (and a warning) when it cannot be.
    /// A confidence interval reaching more than 1 Mb either side, or before position 1, is capped there with a warning.
    mutating func breakend(
        id: String, chromosome: String, position: Int, side: KeptSide?, interval: ClosedRange<Int>? = nil, line: Int, spelling: String? = nil
    ) -> Breakend? {
        let input = GenomicPosition(chromosome: chromosome, position: position)
        var interval = interval
        if let ci = interval {
            let limit = InputLimits.maximumConfidenceOffset
            let lowest = max(-limit, min(0, 1 - position)), highest = limit
            let capped = min(max(ci.lowerBound, lowest), highest)...max(min(ci.upperBound, highest), lowest)
            // A telomere record at POS 0 (VCF's convention) cannot reach further left: its interval is cut at 0
            // without a warning unless it is also too wide.
            let onlyTelomere = position == 0 && ci.lowerBound >= -limit && ci.upperBound <= highest
            if capped != ci && !onlyTelomere && line != lastCappedLine {
                cappedIntervals += 1
                lastCappedLine = line
                if cappedIntervals <= 20 {
                    warnings.append(
                        InputWarning(
                            file: path, line: line,
                            "\(id)'s confidence interval \(ci.lowerBound),\(ci.upperBound) around \(Chromosome.ucscName(chromosome)):\(position) is capped at \(capped.lowerBound),\(capped.upperBound) (at most 1 Mb either side, not before position 1)",
                            japanese: "\(id)の信頼区間 \(ci.lowerBound),\(ci.upperBound)（\(Chromosome.ucscName(chromosome)):\(position)）を \(capped.lowerBound),\(capped.upperBound) に制限しました（前後1 Mbまで、位置1より前には延ばさない）"))
                }
            }
            interval = capped
        }
        if let length = mapper.build.length(ofChromosome: chromosome), position > length {
            if pastChromosomeEnd == nil { pastChromosomeEnd = (line, chromosome, position) }
            pastChromosomeEndCount += 1
            if mapper.build == .grch38, let other = GenomeBuild.grch37.length(ofChromosome: chromosome), position <= other { pastEndFittingGRCh37 += 1 }
            return nil
        }
        guard let mapped = mapper.map(input, side, spelling: spelling) else {
            liftoverWarnings += 1
            if liftoverWarnings <= 20 {
                warnings.append(
                    InputWarning(
                        file: path, line: line, "\(id) at \(chromosome):\(position) could not be lifted from \(mapper.build) to GRCh38 (not in any chain block); skipped",
                        japanese: "\(id)（\(chromosome):\(position)）は\(mapper.build)からGRCh38へ座標変換できません（どのチェーンブロックにも含まれない）。スキップしました"))
            }
            return nil
        }
        return Breakend(id: id, position: mapped.position, inputPosition: input, keptSide: mapped.side, confidenceInterval: interval)
    }

    /// Adds one event with its junctions (pairs of breakends). `records` is how many input records it consumed.
    mutating func addEvent(
        recordIDs: [String], svType: StructuralVariantType, first: Breakend, second: Breakend?, junctions pairs: [(Breakend, Breakend)],
        line: Int, filter: String, support: CallerSupport, event: String? = nil, records: Int = 1,
        namedGene5: String? = nil, namedGene3: String? = nil, namedGenesInEitherOrder: Bool = false, note: String? = nil
    ) {
        var indices: [Int] = []
        for (a, b) in pairs {
            indices.append(junctions.count)
            junctions.append(
                Junction(
                    recordIDs: recordIDs, first: a, second: b, svType: svType, support: support, event: event, line: line, filter: filter,
                    namedGene5: namedGene5, namedGene3: namedGene3, namedGenesInEitherOrder: namedGenesInEitherOrder))
        }
        if pairs.isEmpty {
            if second == nil && note == nil { statistics.singleBreakends += records } else { statistics.withoutJunction += records }
        } else {
            statistics.recordsInJunctions += records
        }
        events.append(
            StructuralVariantEvent(
                recordIDs: recordIDs, svType: svType, first: first, second: second, junctionIndices: indices, line: line, filter: filter,
                support: support, note: note))
    }

    /// Adds a single breakend (partner unknown).
    mutating func addSingleBreakend(_ breakend: Breakend, line: Int, filter: String, support: CallerSupport, note: String, records: Int = 1) {
        singleBreakends.append(breakend)
        statistics.singleBreakends += records
        events.append(
            StructuralVariantEvent(
                recordIDs: [breakend.id], svType: .breakend, first: breakend, second: nil, junctionIndices: [], line: line, filter: filter,
                support: support, note: note))
    }

    /// Finishes: fills the totals, refuses a file none of whose positions could be lifted, and builds the call set.
    mutating func finish(format: InputFormat, sample: String?, build: GenomeBuild, evidence: BuildEvidence) throws -> CallSet {
        if let first = pastChromosomeEnd, let length = mapper.build.length(ofChromosome: first.chromosome) {
            let name = Chromosome.ucscName(first.chromosome)
            let where_ = "\(name):\(Self.grouped(first.position)) lies past the end of \(mapper.build) \(name) (\(Self.grouped(length)) bp)"
            let count = pastChromosomeEndCount == 1 ? "the only such position" : "one of \(pastChromosomeEndCount) such positions"
            if mapper.build == .grch38 && evidence == .defaulted && pastEndFittingGRCh37 == pastChromosomeEndCount {
                let countJapanese = pastChromosomeEndCount == 1 ? "該当する唯一の位置" : "該当する\(pastChromosomeEndCount)か所のうちの1つ"
                throw PositionsPastGRCh38End(
                    file: path, line: first.line, description: "\(where_), \(count), all within GRCh37's chromosomes",
                    descriptionJapanese: "\(name):\(Self.grouped(first.position))はGRCh38の\(name)の末端（\(Self.grouped(length)) bp）を超えています（\(countJapanese)、いずれもGRCh37の染色体の範囲内）")
            }
            let what =
                evidence == .defaulted
                ? "the file does not name its build, and it is neither GRCh38 nor GRCh37 — lift it to GRCh38 first"
                : mapper.build == .grch37
                    ? "although the \(evidence.rawValue) says \(build) — check the build and the position"
                    : "although the \(evidence.rawValue) says \(build) — check the build (--build GRCh37 if it is GRCh37/hg19)"
            throw InputError(file: path, line: first.line, "\(where_) (\(count)): \(what)")
        }
        if cappedIntervals > 20 {
            warnings.append(
                InputWarning(
                    file: path, "\(cappedIntervals - 20) more confidence intervals were capped at 1 Mb either side or at position 1",
                    japanese: "ほかに\(cappedIntervals - 20)件の信頼区間を前後1 Mbまたは位置1に制限しました"))
        }
        if liftoverWarnings > 20 {
            warnings.append(
                InputWarning(
                    file: path, "\(liftoverWarnings - 20) more positions could not be lifted to GRCh38",
                    japanese: "ほかに\(liftoverWarnings - 20)か所の位置をGRCh38へ座標変換できませんでした"))
        }
        statistics.junctions = junctions.count
        statistics.events = events.count
        let candidates = statistics.recordsRead - statistics.filteredOut - statistics.skippedContigs - statistics.notStructural
        if statistics.liftoverFailures > 0 && candidates > 0 && statistics.liftoverFailures >= candidates {
            throw InputError(
                file: path, line: nil,
                "none of the \(candidates) records could be lifted from \(build) to GRCh38; check --build (is the file really \(build)?) and the chain file")
        }
        if statistics.recordsRead > 0 && statistics.skippedContigs > 0 && statistics.skippedContigs == statistics.recordsRead - statistics.filteredOut {
            let contigs = skippedContigNames.sorted().prefix(5).joined(separator: ", ")
            throw InputError(
                file: path, line: nil,
                "none of the \(statistics.skippedContigs) records is on a primary chromosome (contigs: \(contigs)); FusionBoard reads 1–22, X, Y, MT with or without 'chr' — rename the contigs")
        }
        if statistics.recordsRead == 0 {
            warnings.append(
                InputWarning(file: path, "the file has a header but no records; nothing to analyse", japanese: "ファイルにはヘッダーだけでレコードがありません。解析するものはありません"))
        }
        if statistics.recordsRead > 0 && statistics.filteredOut == statistics.recordsRead {
            warnings.append(
                InputWarning(
                    file: path, "all \(statistics.recordsRead) records failed FILTER; pass --include-filtered to keep them",
                    japanese: "全\(statistics.recordsRead)レコードがFILTERを通過していません。残すには --include-filtered を指定してください"))
        }
        if evidence == .defaulted && format != .vcf {
            warnings.append(
                InputWarning(
                    file: path, "the file does not say its genome build; assuming GRCh38 — pass --build GRCh37 if it is GRCh37/hg19",
                    japanese: "ファイルにゲノムビルドの記載がないため、GRCh38とみなしました — GRCh37/hg19であれば --build GRCh37 を指定してください"))
        } else if evidence == .defaulted {
            warnings.append(
                InputWarning(
                    file: path, "no ##reference or ##contig line names the genome build; assuming GRCh38 — pass --build GRCh37 if it is GRCh37/hg19",
                    japanese: "##reference行にも##contig行にもゲノムビルドの記載がないため、GRCh38とみなしました — GRCh37/hg19であれば --build GRCh37 を指定してください"))
        }
        return CallSet(
            file: path, format: format, sample: sample, build: build, buildEvidence: evidence, junctions: junctions, events: events,
            singleBreakends: singleBreakends, statistics: statistics, warnings: warnings, sha256: "")  // filled by InputReader
    }
}

/// A file that names no build has positions past GRCh38 chromosome ends, all of them within GRCh37's: it is read
/// again as GRCh37 (``InputReader/read(_:options:)``).
struct PositionsPastGRCh38End: Error {
    var file: String, line: Int
    /// `chr9:140,513,501 lies past the end of GRCh38 chr9 (138,394,717 bp), one of 2 such positions, …`.
    var description: String
    /// ``description`` in Japanese.
    var descriptionJapanese: String
}

extension CallSetBuilder {
    /// `140513501` → `140,513,501`.
    static func grouped(_ n: Int) -> String {
        let digits = Array(String(n))
        var out = ""
        for (i, d) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(d)
        }
        return out
    }
}

/// The kept side for a gene's role at an RNA fusion breakpoint (input-formats notes §9, read backwards):
/// the 5′ gene on + keeps the left piece, on − the right; the 3′ gene the opposite.
func keptSide(geneStrand: UInt8?, fivePrime: Bool) -> KeptSide? {
    guard let geneStrand else { return nil }
    let plus: Bool
    switch geneStrand {
    case UInt8(ascii: "+"): plus = true
    case UInt8(ascii: "-"): plus = false
    default: return nil
    }
    return plus == fivePrime ? .left : .right
}
