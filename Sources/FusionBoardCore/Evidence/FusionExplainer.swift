/// A breakpoint as RNA fusion callers write it: `CHR:POS:STRAND`, where STRAND is the gene's strand
/// (STAR-Fusion `LeftBreakpoint`/`RightBreakpoint`, Arriba `strand1(gene/fusion)`).
public struct GeneBreakpoint: Sendable, Codable, Hashable, CustomStringConvertible {
    public var chromosome: String
    public var position: Int
    public var strand: Strand

    public init(chromosome: String, position: Int, strand: Strand) {
        self.chromosome = chromosome
        self.position = position
        self.strand = strand
    }

    /// Parses `chr22:23632600:+` (chr prefix optional). Throws an `InputError` naming what to fix.
    public init(parsing text: String, argument: String = "--breakpoints") throws(InputError) {
        let parts = text.split(separator: ":").map(String.init)
        guard parts.count == 3, let chrom = Chromosome.canonical(parts[0]), let pos = Int(parts[1]), pos > 0,
            let strand = Strand(rawValue: parts[2])
        else {
            throw InputError(file: argument, line: nil, "'\(text)' is not CHR:POS:STRAND (e.g. chr22:23632600:+, STRAND the gene's strand + or -)")
        }
        self.init(chromosome: chrom, position: pos, strand: strand)
    }

    public var description: String { "\(Chromosome.ucscName(chromosome)):\(position):\(strand.rawValue)" }
}

/// Everything `fusionboard explain` prints: the annotated fusion (when breakpoints were given) and its evidence.
public struct FusionExplanation: Sendable, Codable {
    /// The pair as asked and as resolved to current symbols.
    public var requested: String
    public var gene5: String
    public var gene3: String
    public var build: GenomeBuild
    /// Breakpoints as given (input build) and in GRCh38.
    public var breakpoints: [GeneBreakpoint]
    public var breakpointsGRCh38: [GeneBreakpoint]
    /// The junction annotation (every transcript at each breakend), nil at gene level.
    public var junction: AnnotatedJunction?
    /// The fusion of the requested pair across the junction, nil at gene level or when none forms.
    public var fusion: FusionCandidate?
    public var evidence: FusionEvidence
    /// Plain-language caveats (gene level only, renamed genes, no fusion formed …).
    public var notes: [String]
    public var knowledgeBase: KnowledgeBaseInfo
}

/// Builds the explanation of one gene pair, with or without breakpoints.
public struct FusionExplainer {
    let kb: KnowledgeBase

    public init(knowledgeBase: KnowledgeBase) { kb = knowledgeBase }

    /// Explains `gene5::gene3`. With breakpoints (5′ gene's first) the junction is annotated as an RNA
    /// junction (exact exon boundaries); without, only gene- and pair-level evidence is collected.
    public func explain(gene5 raw5: String, gene3 raw3: String, breakpoints: [GeneBreakpoint]?, build: GenomeBuild) throws -> FusionExplanation {
        var notes: [String] = []
        let g5 = try kb.currentSymbol(raw5), g3 = try kb.currentSymbol(raw3)
        for (raw, current) in [(raw5, g5), (raw3, g3)] {
            if try kb.gene(named: raw) == nil {
                notes.append("\(raw) is not a gene symbol, previous symbol or alias in the knowledge base; gene facts about it are unavailable")
            } else if raw != current {
                notes.append("\(raw) is now \(current) (current NCBI/HGNC symbol)")
            }
        }
        let requested = "\(raw5)::\(raw3)"
        guard let breakpoints else {
            notes.insert("gene level only: no breakpoints given, so transcripts, exons, frame, domains and UTRs are not assessed", at: 0)
            return FusionExplanation(
                requested: requested, gene5: g5, gene3: g3, build: build, breakpoints: [], breakpointsGRCh38: [], junction: nil, fusion: nil,
                evidence: try EvidenceCollector(knowledgeBase: kb).collectGeneLevel(gene5: g5, gene3: g3), notes: notes, knowledgeBase: kb.info)
        }
        guard breakpoints.count == 2 else {
            throw InputError(file: "--breakpoints", line: nil, "give two breakpoints, the 5′ gene's first: CHR:POS:STRAND,CHR:POS:STRAND")
        }
        for b in breakpoints {
            if let length = build.length(ofChromosome: b.chromosome), b.position > length {
                throw InputError(
                    file: "--breakpoints", line: nil,
                    "\(b) lies past the end of \(build) \(Chromosome.ucscName(b.chromosome)) (\(CallSetBuilder.grouped(length)) bp); check the position and --build")
            }
        }
        var lifted: [GeneBreakpoint] = []
        if build == .grch37 {
            guard let liftover = try kb.liftover() else {
                throw InputError(file: "--build", line: nil, "GRCh37 breakpoints need a liftover chain; this knowledge base has none (build it with hg19ToHg38.over.chain.gz)")
            }
            for b in breakpoints {
                guard let mapped = liftover.map(GenomicPosition(chromosome: b.chromosome, position: b.position)) else {
                    throw InputError(file: "--breakpoints", line: nil, "\(b) does not lift over from GRCh37 to GRCh38")
                }
                let strand: Strand = mapped.reversed ? (b.strand == .plus ? .minus : .plus) : b.strand
                lifted.append(GeneBreakpoint(chromosome: mapped.position.chromosome, position: mapped.position.position, strand: strand))
            }
        } else {
            lifted = breakpoints
        }
        // The 5′ gene keeps the sequence upstream of its breakpoint, the 3′ gene the sequence downstream.
        let b5 = lifted[0], b3 = lifted[1]
        for (gene, point) in [(g5, b5), (g3, b3)] {
            if let record = try kb.gene(named: gene), let strand = record.strand, strand != point.strand.rawValue {
                notes.append("the strand given for \(gene) (\(point.strand.rawValue)) is not the gene's strand (\(strand)); the kept side follows the strand given")
            }
            if let record = try kb.gene(named: gene), let chrom = record.chromosome, chrom != point.chromosome {
                notes.append("\(gene) is on chromosome \(chrom), the breakpoint given for it on \(point.chromosome)")
            }
        }
        let end5 = Breakend(
            id: "5'", position: GenomicPosition(chromosome: b5.chromosome, position: b5.position),
            inputPosition: GenomicPosition(chromosome: breakpoints[0].chromosome, position: breakpoints[0].position), keptSide: b5.strand == .plus ? .left : .right)
        let end3 = Breakend(
            id: "3'", position: GenomicPosition(chromosome: b3.chromosome, position: b3.position),
            inputPosition: GenomicPosition(chromosome: breakpoints[1].chromosome, position: breakpoints[1].position), keptSide: b3.strand == .plus ? .right : .left)
        let junction = Junction(
            recordIDs: ["5'", "3'"], first: end5, second: end3, svType: .rnaFusion, line: 0, namedGene5: nil, namedGene3: nil)
        let annotated = try Annotator(knowledgeBase: kb).annotate(junction)
        let fusion = annotated.fusions.first { $0.fivePrime.gene == g5 && $0.threePrime.gene == g3 }
        let evidence: FusionEvidence
        if let fusion {
            evidence = try EvidenceCollector(knowledgeBase: kb).collect(fusion)
        } else {
            let formed = annotated.fusions.map(\.name)
            notes.append(
                "no \(g5)::\(g3) fusion forms at these breakpoints"
                    + (formed.isEmpty ? "" : " (they form \(formed.joined(separator: ", ")))")
                    + (annotated.note.map { "; \($0)" } ?? "") + "; showing gene-level evidence")
            evidence = try EvidenceCollector(knowledgeBase: kb).collectGeneLevel(gene5: g5, gene3: g3)
        }
        return FusionExplanation(
            requested: requested, gene5: g5, gene3: g3, build: build, breakpoints: breakpoints, breakpointsGRCh38: lifted, junction: annotated,
            fusion: fusion, evidence: evidence, notes: notes, knowledgeBase: kb.info)
    }
}
