/// DNA strand of a gene or transcript.
public enum Strand: String, Sendable, Codable, Hashable {
    case plus = "+"
    case minus = "-"
}

/// Where a position falls relative to one transcript.
public enum GeneRegion: String, Sendable, Codable, Hashable {
    /// Up to 2 kb upstream of the transcription start.
    case promoter
    case utr5 = "5'UTR"
    case cds = "CDS"
    case intron
    case utr3 = "3'UTR"
    /// Exon of a non-coding transcript.
    case noncodingExon = "ncRNA exon"
    /// 2–10 kb upstream of the transcription start (``TranscriptModel/flankLength``). Only an RNA
    /// caller's named 3′ gene may start here (its transcript model starts further upstream than ours).
    case upstream
    /// Up to 10 kb past the transcript's 3′ end. Only an RNA caller's named 5′ gene may end here (its
    /// transcript model is longer than ours); DNA breakends here form no fusion.
    case downstream
    /// Not in or near the transcript.
    case intergenic
}

extension GeneRegion {
    /// The region's name in Japanese (reports and evidence details in Japanese).
    public var japaneseName: String {
        switch self {
        case .promoter: "プロモーター"
        case .utr5: "5′UTR"
        case .cds: "CDS"
        case .intron: "イントロン"
        case .utr3: "3′UTR"
        case .noncodingExon: "非コードRNAのエクソン"
        case .upstream: "上流（転写開始点の2–10 kb手前）"
        case .downstream: "下流（3′末端から10 kb以内）"
        case .intergenic: "遺伝子間"
        }
    }
}

/// A transcript from the gene model (UCSC refGene genePredExt), 1-based inclusive coordinates.
///
/// Exons are stored in genomic order; exon and intron *numbers* count in the direction of
/// transcription (exon 1 of a minus-strand transcript is its rightmost exon).
public struct TranscriptModel: Sendable, Codable, Hashable {
    public var id: Int
    /// RefSeq accession (`NM_020975`).
    public var accession: String
    public var geneSymbol: String
    public var geneID: Int?
    public var chromosome: String
    public var strand: Strand
    public var start: Int
    public var end: Int
    /// First and last coding base (genomic order), nil for non-coding transcripts.
    public var cdsStart: Int?
    public var cdsEnd: Int?
    public var exonStarts: [Int]
    public var exonEnds: [Int]
    /// genePredExt exonFrames: phase of the first coding base of each exon, −1 when the exon has none.
    public var exonFrames: [Int]

    public var exonCount: Int { exonStarts.count }
    public var isCoding: Bool { cdsStart != nil }

    /// Number of coding bases.
    public var cdsLength: Int {
        guard let cdsStart, let cdsEnd else { return 0 }
        var total = 0
        for i in 0..<exonCount {
            let s = max(exonStarts[i], cdsStart), e = min(exonEnds[i], cdsEnd)
            if e >= s { total += e - s + 1 }
        }
        return total
    }

    /// Protein length in amino acids (stop codon excluded).
    public var proteinLength: Int { max(0, cdsLength / 3 - 1) }

    /// Genomic index (0-based, genomic order) of the exon numbered `number` in transcript order.
    func genomicIndex(ofExon number: Int) -> Int { strand == .plus ? number - 1 : exonCount - number }

    /// Transcript-order exon number of the exon at genomic index `index`.
    func exonNumber(atGenomicIndex index: Int) -> Int { strand == .plus ? index + 1 : exonCount - index }

    /// The promoter: a breakend up to this far upstream of the transcription start delivers the whole
    /// gene as a 3′ partner, for any caller.
    public static let promoterLength = 2_000
    /// The flanks beyond the promoter and past the 3′ end, used only for genes an RNA caller names.
    public static let flankLength = 10_000

    /// Where `position` falls in this transcript.
    public func locate(_ position: Int) -> TranscriptLocation {
        let upstreamEdge = strand == .plus ? start : end
        if position < start || position > end {
            let distanceUpstream = strand == .plus ? upstreamEdge - position : position - upstreamEdge
            if distanceUpstream > 0 && distanceUpstream <= Self.promoterLength {
                return TranscriptLocation(region: .promoter, exon: nil, intron: nil, distanceToTSS: distanceUpstream)
            }
            if distanceUpstream > 0 && distanceUpstream <= Self.flankLength {
                return TranscriptLocation(region: .upstream, exon: nil, intron: nil, distanceToTSS: distanceUpstream)
            }
            let distanceDownstream = strand == .plus ? position - end : start - position
            if distanceDownstream > 0 && distanceDownstream <= Self.flankLength {
                return TranscriptLocation(region: .downstream, exon: nil, intron: nil, distanceToTSS: nil, distancePastEnd: distanceDownstream)
            }
            return TranscriptLocation(region: .intergenic, exon: nil, intron: nil, distanceToTSS: nil)
        }
        for i in 0..<exonCount {
            if position >= exonStarts[i] && position <= exonEnds[i] {
                let number = exonNumber(atGenomicIndex: i)
                guard let cdsStart, let cdsEnd else {
                    return TranscriptLocation(region: .noncodingExon, exon: number, intron: nil, distanceToTSS: nil)
                }
                let region: GeneRegion
                if position >= cdsStart && position <= cdsEnd {
                    region = .cds
                } else if (position < cdsStart) == (strand == .plus) {
                    region = .utr5
                } else {
                    region = .utr3
                }
                return TranscriptLocation(region: region, exon: number, intron: nil, distanceToTSS: nil)
            }
            if i + 1 < exonCount && position > exonEnds[i] && position < exonStarts[i + 1] {
                // Intron between genomic exons i and i+1; numbered after the upstream exon in transcript order.
                let number = strand == .plus ? i + 1 : exonCount - i - 1
                return TranscriptLocation(region: .intron, exon: nil, intron: number, distanceToTSS: nil)
            }
        }
        return TranscriptLocation(region: .intergenic, exon: nil, intron: nil, distanceToTSS: nil)
    }

    /// Coding bases in transcript-order exons `1…number` (all of them when `number` ≥ exon count).
    func codingBases(throughExon number: Int) -> Int {
        guard let cdsStart, let cdsEnd, number > 0 else { return 0 }
        var total = 0
        for n in 1...min(number, exonCount) {
            let i = genomicIndex(ofExon: n)
            let s = max(exonStarts[i], cdsStart), e = min(exonEnds[i], cdsEnd)
            if e >= s { total += e - s + 1 }
        }
        return total
    }

    /// Exon length in bases of transcript-order exon `number`.
    func exonLength(_ number: Int) -> Int {
        let i = genomicIndex(ofExon: number)
        return exonEnds[i] - exonStarts[i] + 1
    }

    /// 5′UTR and 3′UTR lengths in transcript bases.
    public var utrLengths: (utr5: Int, utr3: Int) {
        guard let cdsStart, let cdsEnd else { return (0, 0) }
        var left = 0, right = 0
        for i in 0..<exonCount {
            if exonStarts[i] < cdsStart { left += min(exonEnds[i], cdsStart - 1) - exonStarts[i] + 1 }
            if exonEnds[i] > cdsEnd { right += exonEnds[i] - max(exonStarts[i], cdsEnd + 1) + 1 }
        }
        return strand == .plus ? (left, right) : (right, left)
    }
}

/// A position's place in one transcript.
public struct TranscriptLocation: Sendable, Codable, Hashable {
    public var region: GeneRegion
    /// Exon number (transcript order) when the position is exonic.
    public var exon: Int?
    /// Intron number (after exon N, transcript order) when intronic.
    public var intron: Int?
    /// Distance upstream of the transcription start, for promoter and upstream positions.
    public var distanceToTSS: Int?
    /// Distance past the transcript's 3′ end, for downstream positions.
    public var distancePastEnd: Int?

    public init(region: GeneRegion, exon: Int?, intron: Int?, distanceToTSS: Int?, distancePastEnd: Int? = nil) {
        self.region = region
        self.exon = exon
        self.intron = intron
        self.distanceToTSS = distanceToTSS
        self.distancePastEnd = distancePastEnd
    }

    /// ``label`` in Japanese: `イントロン11`, `CDS（エクソン12）`, `プロモーター（850 bp上流）` …
    public var japaneseLabel: String {
        switch region {
        case .intron: "イントロン\(intron ?? 0)"
        case .promoter: "プロモーター（\(distanceToTSS ?? 0) bp上流）"
        case .upstream: "上流（開始点の\(distanceToTSS ?? 0) bp手前）"
        case .downstream: "下流（3′末端から\(distancePastEnd ?? 0) bp）"
        case .intergenic: "遺伝子間"
        case .noncodingExon: "非コードRNAのエクソン\(exon ?? 0)"
        case .utr5, .cds, .utr3: "\(region.japaneseName)（エクソン\(exon ?? 0)）"
        }
    }

    /// `exon 12`, `intron 11`, `promoter (−850 bp)`, `intergenic`.
    public var label: String {
        switch region {
        case .intron: return "intron \(intron ?? 0)"
        case .promoter: return "promoter (\(distanceToTSS ?? 0) bp upstream)"
        case .upstream: return "upstream (\(distanceToTSS ?? 0) bp before the start)"
        case .downstream: return "downstream (\(distancePastEnd ?? 0) bp past the 3′ end)"
        case .intergenic: return "intergenic"
        case .noncodingExon: return "\(region.rawValue) \(exon ?? 0)"  // `ncRNA exon 1`
        default: return "\(region.rawValue) exon \(exon ?? 0)"
        }
    }
}

extension TranscriptModel {
    /// Coding segments (genomic ranges clipped to the CDS) in transcript order.
    public var codingSegments: [ClosedRange<Int>] {
        guard let cdsStart, let cdsEnd else { return [] }
        var segments: [ClosedRange<Int>] = []
        for n in 1...max(1, exonCount) where exonCount > 0 {
            let i = genomicIndex(ofExon: n)
            let s = max(exonStarts[i], cdsStart), e = min(exonEnds[i], cdsEnd)
            if e >= s { segments.append(s...e) }
        }
        return segments
    }

    /// 0-based offset in the CDS (transcript order) of a genomic position, nil when it is not coding.
    public func codingOffset(of position: Int) -> Int? {
        var offset = 0
        for segment in codingSegments {
            if segment.contains(position) {
                return offset + (strand == .plus ? position - segment.lowerBound : segment.upperBound - position)
            }
            offset += segment.count
        }
        return nil
    }

    /// Genomic position of a 0-based CDS offset (transcript order), nil past the CDS.
    public func genomicPosition(ofCodingOffset target: Int) -> Int? {
        guard target >= 0 else { return nil }
        var offset = 0
        for segment in codingSegments {
            if target < offset + segment.count {
                let k = target - offset
                return strand == .plus ? segment.lowerBound + k : segment.upperBound - k
            }
            offset += segment.count
        }
        return nil
    }

    /// CDS offsets (0-based, transcript order) covered by genomic `blocks`, as (first, last, bases).
    public func codingCoverage(of blocks: [ClosedRange<Int>]) -> (first: Int, last: Int, bases: Int)? {
        var first = Int.max, last = Int.min, bases = 0
        var offset = 0
        for segment in codingSegments {
            for block in blocks {
                let s = max(block.lowerBound, segment.lowerBound), e = min(block.upperBound, segment.upperBound)
                guard e >= s else { continue }
                bases += e - s + 1
                let a = strand == .plus ? offset + s - segment.lowerBound : offset + segment.upperBound - e
                let b = strand == .plus ? offset + e - segment.lowerBound : offset + segment.upperBound - s
                first = min(first, a)
                last = max(last, b)
            }
            offset += segment.count
        }
        return bases > 0 ? (first, last, bases) : nil
    }
}
