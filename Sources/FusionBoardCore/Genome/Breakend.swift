/// Which piece of the reference a breakend keeps: the sequence at or left of the position
/// (`left`, VCF `t[p[` / `t]p]`, BEDPE strand `+`) or at or right of it (`right`, `]p]t` / `[p[t`, `-`).
public enum KeptSide: String, Sendable, Codable, Hashable {
    case left
    case right
}

/// A 1-based position on a canonical chromosome.
public struct GenomicPosition: Sendable, Codable, Hashable, Comparable, CustomStringConvertible {
    /// Canonical bare chromosome name (`1`…`22`, `X`, `Y`, `MT`).
    public var chromosome: String
    /// 1-based position.
    public var position: Int

    public init(chromosome: String, position: Int) {
        self.chromosome = chromosome
        self.position = position
    }

    public static func < (a: GenomicPosition, b: GenomicPosition) -> Bool {
        let ra = Chromosome.rank(a.chromosome) ?? 99, rb = Chromosome.rank(b.chromosome) ?? 99
        return ra != rb ? ra < rb : a.position < b.position
    }

    /// `chr10:43115500` style, as GRCh38 output prints it.
    public var description: String { "\(Chromosome.ucscName(chromosome)):\(position)" }
}

/// One side of a rearrangement junction: where the reference is broken and which side is kept.
public struct Breakend: Sendable, Codable, Hashable {
    /// The input record ID (VCF ID, BEDPE name, or a generated `LINE:n`).
    public var id: String
    /// Position in GRCh38 (after liftover when the input was GRCh37).
    public var position: GenomicPosition
    /// Position as the input file wrote it (its own build and contig naming).
    public var inputPosition: GenomicPosition
    /// The kept side, or nil when the input does not say (orientation unknown).
    public var keptSide: KeptSide?
    /// Confidence interval offsets around the position (VCF CIPOS), e.g. `-56...20`.
    public var confidenceInterval: ClosedRange<Int>?

    public init(
        id: String, position: GenomicPosition, inputPosition: GenomicPosition? = nil, keptSide: KeptSide?,
        confidenceInterval: ClosedRange<Int>? = nil
    ) {
        self.id = id
        self.position = position
        self.inputPosition = inputPosition ?? position
        self.keptSide = keptSide
        self.confidenceInterval = confidenceInterval
    }
}

/// The kind of structural variant a junction came from.
public enum StructuralVariantType: String, Sendable, Codable, Hashable {
    case deletion = "DEL"
    case duplication = "DUP"
    case inversion = "INV"
    case insertion = "INS"
    case translocation = "TRA"
    case breakend = "BND"
    /// A copy-number or complex record that implies no placeable junction (`<CNV>`, `<CPX>`, `<UNK>`, …).
    case other = "OTHER"
    /// Called from RNA (a chimeric transcript), not from a DNA rearrangement.
    case rnaFusion = "RNA"

    /// The type a breakend pair implies from its chromosomes and kept sides.
    public static func inferred(_ a: Breakend, _ b: Breakend) -> StructuralVariantType {
        guard a.position.chromosome == b.position.chromosome else { return .translocation }
        guard let sa = a.keptSide, let sb = b.keptSide else { return .breakend }
        if sa == sb { return .inversion }
        let (first, second) = a.position.position <= b.position.position ? (a, b) : (b, a)
        return first.keptSide == .left && second.keptSide == .right ? .deletion : .duplication
    }
}

/// Read support for a junction, normalised across callers. Nil means the caller did not say.
public struct CallerSupport: Sendable, Codable, Hashable {
    /// Split reads (Manta SR alt, DELLY SR/RV, STAR-Fusion JunctionReadCount, Arriba split reads).
    public var splitReads: Int?
    /// Spanning read pairs (Manta PR alt, DELLY PE/DV, STAR-Fusion SpanningFragCount, Arriba discordant mates).
    public var spanningPairs: Int?
    /// Variant allele fraction (GRIDSS/PURPLE PURPLE_AF, or derived from ref/alt counts).
    public var alleleFraction: Double?
    /// Caller quality (VCF QUAL) when given.
    public var quality: Double?

    public init(splitReads: Int? = nil, spanningPairs: Int? = nil, alleleFraction: Double? = nil, quality: Double? = nil) {
        self.splitReads = splitReads
        self.spanningPairs = spanningPairs
        self.alleleFraction = alleleFraction
        self.quality = quality
    }

    /// Split reads plus spanning pairs, or nil when neither is known (held at `Int.max` rather than overflowing).
    public var totalReads: Int? {
        if splitReads == nil && spanningPairs == nil { return nil }
        return (splitReads ?? 0).saturatingAdding(spanningPairs ?? 0)
    }
}

/// A rearrangement junction: two breakends joined, as read from one input record or mate pair.
public struct Junction: Sendable, Codable, Hashable {
    /// Input record IDs in the order breakend 1, breakend 2.
    public var recordIDs: [String]
    public var first: Breakend
    /// Nil for a single breakend whose partner is unknown; never turned into a fusion.
    public var second: Breakend?
    public var svType: StructuralVariantType
    public var support: CallerSupport
    /// The event the junction belongs to (VCF EVENT), grouping e.g. both junctions of an inversion.
    public var event: String?
    /// 1-based line of the first record in the input file.
    public var line: Int
    /// FILTER value as written (PASS, `.`, or a caller's filter names).
    public var filter: String
    /// 5′/3′ genes named by an RNA caller or a table (nil for DNA calls).
    public var namedGene5: String?
    public var namedGene3: String?
    /// True when the caller does not say which named gene is 5′ (InFusion, FusionHunter): `namedGene5`/`namedGene3`
    /// are then the genes at breakend 1 and 2, and a fusion may take them either way round.
    public var namedGenesInEitherOrder: Bool = false

    public init(
        recordIDs: [String], first: Breakend, second: Breakend?, svType: StructuralVariantType,
        support: CallerSupport = CallerSupport(), event: String? = nil, line: Int, filter: String = "PASS",
        namedGene5: String? = nil, namedGene3: String? = nil, namedGenesInEitherOrder: Bool = false
    ) {
        self.recordIDs = recordIDs
        self.first = first
        self.second = second
        self.svType = svType
        self.support = support
        self.event = event
        self.line = line
        self.filter = filter
        self.namedGene5 = namedGene5
        self.namedGene3 = namedGene3
        self.namedGenesInEitherOrder = namedGenesInEitherOrder
    }
}

/// One call of the input: the unit the `annotate` table has one row for.
///
/// An event is a mate pair of breakend records (one junction, two record IDs), a one-record junction
/// (DELLY/`<TRA>`-style BND, BEDPE row, RNA fusion row), a symbolic record (`<DEL>`, `<DUP>`, `<INV>` —
/// which implies two junctions —, `<INS>`, `<CNV>` — which imply none), or a single breakend.
/// A reciprocal translocation written as two mate pairs is two events sharing a VCF `EVENT` value.
public struct StructuralVariantEvent: Sendable, Codable, Hashable {
    /// Input record IDs in the order breakend 1, breakend 2.
    public var recordIDs: [String]
    public var svType: StructuralVariantType
    /// Breakend 1 (GRCh38; for a symbolic record its POS).
    public var first: Breakend
    /// Breakend 2, or nil for a single breakend or an insertion.
    public var second: Breakend?
    /// Indices into ``CallSet/junctions`` of the junctions this event implies (none, one, or two for `<INV>`).
    public var junctionIndices: [Int]
    /// 1-based line of the first record.
    public var line: Int
    public var filter: String
    public var support: CallerSupport
    /// Why the event has no junction (insertion, single breakend, copy-number record), when it has none.
    public var note: String?

    public init(
        recordIDs: [String], svType: StructuralVariantType, first: Breakend, second: Breakend?, junctionIndices: [Int],
        line: Int, filter: String, support: CallerSupport, note: String? = nil
    ) {
        self.recordIDs = recordIDs
        self.svType = svType
        self.first = first
        self.second = second
        self.junctionIndices = junctionIndices
        self.line = line
        self.filter = filter
        self.support = support
        self.note = note
    }
}
