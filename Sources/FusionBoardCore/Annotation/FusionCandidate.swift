/// Reading frame of a fusion transcript across the junction.
public enum ReadingFrame: String, Sendable, Codable, Hashable {
    case inFrame = "in-frame"
    case outOfFrame = "out-of-frame"
    /// The 5′ partner gives only promoter/5′UTR; the 3′ partner's own start codon and CDS are kept.
    case utr5ToCDS = "5'UTR→CDS"
    /// No protein-coding sequence joined (non-coding transcript, or 5′ breakpoint past its CDS).
    case nonCoding = "non-coding"
    case unknown
}

extension ReadingFrame {
    /// The frame's name in Japanese (reports and evidence details in Japanese).
    public var japaneseName: String {
        switch self {
        case .inFrame: "インフレーム"
        case .outOfFrame: "フレームシフト"
        case .utr5ToCDS: "5′UTR→CDS（3′側遺伝子自身の開始コドン）"
        case .nonCoding: "非コード"
        case .unknown: "読み枠不明"
        }
    }
}

/// The role of a gene at a breakend, from its strand and the kept side (input-formats notes §9).
public enum PartnerRole: String, Sendable, Codable, Hashable {
    case fivePrime = "5'"
    case threePrime = "3'"
}

/// One transcript hit at a breakend.
public struct TranscriptHit: Sendable, Codable, Hashable {
    public var transcript: TranscriptModel
    public var location: TranscriptLocation
    /// 5′ or 3′ candidate from strand and kept side; nil when the orientation is unknown
    /// or the transcript cannot take part (e.g. a promoter breakend that keeps the upstream side).
    public var role: PartnerRole?
}

/// Everything known about one breakend: the transcripts it hits and the genes nearby.
public struct BreakendAnnotation: Sendable, Codable, Hashable {
    public var breakend: Breakend
    /// Every overlapping transcript (promoter ≤ 2 kb included), sorted by gene then accession.
    public var hits: [TranscriptHit]
    /// Transcripts whose flank holds the breakend: 2–10 kb upstream of the start or ≤ 10 kb past the 3′
    /// end. Not genes the breakend hits: used only when an RNA caller names that gene as the 3′ partner
    /// (upstream) or the 5′ partner (downstream).
    public var flankHits: [TranscriptHit] = []
    /// Genes of `flankHits` that a fusion at this breakend took as a partner (an RNA caller named them).
    public var namedFlankGenes: [String] = []
    /// For a breakend in no gene: the nearest protein-coding gene on each side (genomic left, right), with distances.
    public var nearbyGenes: [NearbyGene] = []
    /// The displayed transcript of each gene hit: OncoKB canonical RefSeq where listed and hit, else the longest CDS.
    public var displayTranscripts: [String: String] = [:]

    /// Genes hit, in a stable order.
    public var genes: [String] {
        var seen: Set<String> = []
        return hits.map(\.transcript.geneSymbol).filter { seen.insert($0).inserted }
    }

    /// Genes hit, then the flank genes a fusion took (``namedFlankGenes``): the genes the `annotate` table shows.
    public var shownGenes: [String] { genes + namedFlankGenes.filter { !genes.contains($0) } }

    mutating func markNamedFlank(_ gene: String) {
        if !genes.contains(gene) && !namedFlankGenes.contains(gene) && flankHits.contains(where: { $0.transcript.geneSymbol == gene }) {
            namedFlankGenes.append(gene)
        }
    }

    /// The region of the displayed transcript of each gene (`RET:intron 11`), of each flank gene a fusion took
    /// (`WDCP:downstream (650 bp past the 3′ end)`, the nearest of its transcripts), or `intergenic`.
    public var regionSummary: String {
        var list = genes.compactMap { gene -> String? in
            let ofGene = hits.filter { $0.transcript.geneSymbol == gene }
            guard let hit = ofGene.first(where: { $0.transcript.accession == displayTranscripts[gene] }) ?? Annotator.displayHit(ofGene) else { return nil }
            return hit.location.region == .intron || hit.location.exon != nil ? "\(gene):\(hit.location.label)" : "\(gene):\(hit.location.region.rawValue)"
        }
        for gene in namedFlankGenes where !genes.contains(gene) {
            let nearest = flankHits.filter { $0.transcript.geneSymbol == gene }
                .min { ($0.location.distanceToTSS ?? $0.location.distancePastEnd ?? .max) < ($1.location.distanceToTSS ?? $1.location.distancePastEnd ?? .max) }
            if let nearest { list.append("\(gene):\(nearest.location.label)") }
        }
        if !list.isEmpty { return list.joined(separator: ",") }
        if nearbyGenes.isEmpty { return "intergenic" }
        return "intergenic (" + nearbyGenes.map { "\($0.symbol) \(Self.distanceText($0.distance)) \($0.side == .left ? "left" : "right")" }.joined(separator: ", ") + ")"
    }

    /// `850 bp`, `12 kb`, `1.3 Mb`.
    static func distanceText(_ bases: Int) -> String {
        if bases < 1000 { return "\(bases) bp" }
        if bases < 1_000_000 { return "\(bases / 1000) kb" }
        return "\(bases / 100_000 / 10).\(bases / 100_000 % 10) Mb"
    }
}

/// A protein domain of one transcript, in protein coordinates.
public struct ProteinDomain: Sendable, Codable, Hashable {
    /// Label as the domain source writes it (Pfam/CDD/SMART short name).
    public let name: String
    public var pfam: String?
    public let description: String?
    public var aaStart: Int
    public var aaEnd: Int
    /// Source name as recorded in the knowledge base.
    public var source: String
    /// The domain's functional class (``DomainVocabulary``), fixed by its label and description when the domain is
    /// made, so the features, the evidence and the mechanism read it without matching text again. Not encoded: it is
    /// derived, and recomputed when a report is read back.
    public let domainClass: DomainClass

    public init(name: String, pfam: String?, description: String?, aaStart: Int, aaEnd: Int, source: String) {
        self.name = name
        self.pfam = pfam
        self.description = description
        self.aaStart = aaStart
        self.aaEnd = aaEnd
        self.source = source
        self.domainClass = DomainVocabulary.classify(label: name, description: description)
    }

    enum CodingKeys: String, CodingKey { case name, pfam, description, aaStart, aaEnd, source }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            name: try c.decode(String.self, forKey: .name), pfam: try c.decodeIfPresent(String.self, forKey: .pfam),
            description: try c.decodeIfPresent(String.self, forKey: .description), aaStart: try c.decode(Int.self, forKey: .aaStart),
            aaEnd: try c.decode(Int.self, forKey: .aaEnd), source: try c.decode(String.self, forKey: .source))
    }
}

/// What a fusion keeps of one domain.
public enum DomainFate: String, Sendable, Codable, Hashable {
    case retained
    case truncated
    case lost
}

/// A partner's domain and the part of it the fusion keeps.
public struct RetainedDomain: Sendable, Codable, Hashable {
    public var domain: ProteinDomain
    public var fate: DomainFate
    /// Fraction of the domain's residues kept, 0…1.
    public var fractionKept: Double
}

/// One side of a fusion: the gene, its displayed transcript and what it contributes.
public struct FusionPartner: Sendable, Codable, Hashable {
    public var gene: String
    public var transcript: TranscriptModel
    public var location: TranscriptLocation
    /// Transcript-order exons kept: 5′ partner exons 1…lastExon, 3′ partner firstExon…N.
    public var keptExons: ClosedRange<Int>?
    /// Coding bases kept, and amino acids of the partner protein kept (1-based range).
    public var codingBasesKept: Int
    public var keptResidues: ClosedRange<Int>?
    /// UTR bases kept / lost on this side.
    public var utr5Kept: Int
    public var utr3Kept: Int
    public var domains: [RetainedDomain]
    /// Other transcripts of the gene at this breakend (alternatives to the displayed one).
    public var alternativeTranscripts: [String]
    /// UTR bases of the displayed transcript this fusion leaves out (5′UTR, 3′UTR).
    public var utr5Lost: Int = 0
    public var utr3Lost: Int = 0
    /// True when the displayed transcript is the gene's canonical one (OncoKB RefSeq) or, without one, its longest CDS.
    public var isDefaultTranscript: Bool = true
}

/// The nearest gene on one side of an intergenic breakend.
public struct NearbyGene: Sendable, Codable, Hashable {
    public var symbol: String
    public var strand: Strand
    /// `left` (lower coordinates) or `right`.
    public var side: KeptSide
    /// Bases between the breakend and the gene's nearest transcript end.
    public var distance: Int
}

/// The frame one pair of transcripts gives across the junction (every pair of the two genes is evaluated).
public struct TranscriptPairFrame: Sendable, Codable, Hashable {
    public var transcript5: String
    public var transcript3: String
    public var lastExon5: Int
    public var firstExon3: Int
    public var frame: ReadingFrame
    /// Both transcripts are their gene's default display transcript (canonical, else longest CDS).
    public var isDefaultPair: Bool
}

/// A candidate gene fusion built from one junction.
public struct FusionCandidate: Sendable, Codable, Hashable {
    /// `GENE5::GENE3` (HGNC notation).
    public var name: String { "\(fivePrime.gene)::\(threePrime.gene)" }
    public var fivePrime: FusionPartner
    public var threePrime: FusionPartner
    /// Breakends as 5′ side, 3′ side.
    public var breakend5: Breakend
    public var breakend3: Breakend
    public var frame: ReadingFrame
    /// Length of the predicted fusion protein in amino acids (nil when it cannot be predicted).
    public var proteinLength: Int?
    /// True when the partners are adjacent same-strand genes on one chromosome (read-through-like).
    public var adjacentSameStrand: Bool
    /// True when the call came from DNA only (shown as `GENE5(::)GENE3`, VICC).
    public var inferredFromDNA: Bool
    /// The transcript pairs evaluated, best first (display pair first; at most 50 kept); see
    /// docs/KNOWLEDGE-BASE.md "Display transcripts and frame".
    public var transcriptPairs: [TranscriptPairFrame] = []
    /// How many transcript pairs were evaluated, and how many of them are in frame or 5′UTR→CDS.
    public var pairCount: Int = 0
    public var productivePairCount: Int = 0
    /// The frame of the default pair (canonical, else longest CDS) when the displayed pair differs from it.
    public var defaultPairFrame: ReadingFrame? = nil
    /// Why the displayed pair was chosen, in words.
    public var displayChoice: String = ""
    /// Breakends on different chromosomes, or the genomic distance between them (same chromosome).
    public var genomicDistance: Int? {
        breakend5.position.chromosome == breakend3.position.chromosome ? abs(breakend5.position.position - breakend3.position.position) : nil
    }

    /// The VICC display name: `A(::)B` for DNA-inferred fusions, `A::B` otherwise.
    public var displayName: String { inferredFromDNA ? "\(fivePrime.gene)(::)\(threePrime.gene)" : name }
}

extension FusionCandidate {
    /// The frame of the whole exons joined — the 5′ partner's exons 1…k to the 3′ partner's exons m…n — as the driver
    /// model reads it: never ``ReadingFrame/unknown``. It equals ``frame`` for a junction at exon boundaries or in
    /// introns; where ``frame`` is unknown (a junction inside an exon, or 5′ coding exons running into the 3′
    /// partner's 5′UTR), it is what joining the whole exons would give, so a break inside an exon means the same as a
    /// DNA break in the next intron (docs/MODEL.md).
    public var exonLevelFrame: ReadingFrame {
        let t5 = fivePrime.transcript, t3 = threePrime.transcript
        let last5 = fivePrime.keptExons?.upperBound ?? 1, first3 = threePrime.keptExons?.lowerBound ?? 1
        return Self.exonLevelFrame(
            t5, codingBases5: t5.codingBases(throughExon: last5), t3, codingBasesBefore3: t3.codingBases(throughExon: first3 - 1))
    }

    /// ``exonLevelFrame`` from the coding bases of the 5′ partner's kept exons and of the 3′ partner's exons before its
    /// first kept exon. A 5′ coding part that runs into the 3′ partner's 5′UTR counts as out of frame.
    static func exonLevelFrame(_ t5: TranscriptModel, codingBases5 c5: Int, _ t3: TranscriptModel, codingBasesBefore3 c3Before: Int) -> ReadingFrame {
        if !t3.isCoding || t3.cdsLength - c3Before <= 0 { return .nonCoding }
        if !t5.isCoding || c5 == 0 { return c3Before == 0 ? .utr5ToCDS : .nonCoding }
        if c5 >= t5.cdsLength { return .nonCoding }
        if c3Before == 0 { return .outOfFrame }
        return c5 % 3 == c3Before % 3 ? .inFrame : .outOfFrame
    }
}

/// A junction with its breakend annotations and the fusions it can form.
public struct AnnotatedJunction: Sendable, Codable, Hashable {
    public var junction: Junction
    public var annotation1: BreakendAnnotation
    public var annotation2: BreakendAnnotation?
    public var fusions: [FusionCandidate]
    /// Plain description when no fusion forms (intragenic, intergenic, 5′–5′, orientation unknown …).
    public var note: String?
}
