/// Annotates junctions against the knowledge base's gene model and builds fusion candidates.
///
/// One annotator per task (it holds the knowledge base's SQLite handle and caches).
public final class Annotator {
    let kb: KnowledgeBase
    /// Preferred display transcript per gene (OncoKB canonical RefSeq when the source is present).
    private let canonical: [String: String]
    private var domainCache: [String: [ProteinDomain]] = [:]
    private var genomicDomainCache: [String: [GenomicDomainRow]] = [:]
    private var genomicDomainsReadWhole = false
    /// The `domain_genomic` rows of each domain (domain ID → rowids, ascending), read once as integers: the table
    /// has no index on its domain, so a gene's rows are found through its domains (indexed by gene) and this map.
    private var genomicRowsByDomain: [Int: [Int]]?

    public init(knowledgeBase: KnowledgeBase) throws {
        kb = knowledgeBase
        var map: [String: String] = [:]
        for row in try kb.db.rows("SELECT gene_symbol, accession FROM canonical_transcript") {
            if let gene = row[0], let accession = row[1] { map[gene] = accession }
        }
        canonical = map
    }

    /// The 5′/3′ role of a transcript at a breakend from its strand and the kept side.
    static func role(strand: Strand, kept: KeptSide?, region: GeneRegion) -> PartnerRole? {
        guard let kept else { return nil }
        let fivePrime = (strand == .plus) == (kept == .left)
        if region == .promoter { return fivePrime ? nil : .threePrime }  // a promoter break can only deliver a whole gene 3′
        if region == .upstream { return fivePrime ? nil : .threePrime }  // upstream flank: only a whole gene 3′ (RNA, named)
        if region == .downstream { return fivePrime ? .fivePrime : nil }  // past the 3′ end: only a whole gene 5′ (RNA, named)
        if region == .intergenic { return nil }
        return fivePrime ? .fivePrime : .threePrime
    }

    /// Annotates one breakend: every transcript within its confidence interval or 2 kb promoter, and
    /// apart from them the transcripts whose 10 kb flanks hold it.
    public func annotate(_ breakend: Breakend) throws -> BreakendAnnotation {
        let p = breakend.position.position
        // Readers bound positions and intervals (docs/INPUTS.md); the sums saturate rather than trap all the same.
        let low = p.saturatingAdding(breakend.confidenceInterval?.lowerBound ?? 0)
        let high = p.saturatingAdding(breakend.confidenceInterval?.upperBound ?? 0)
        var hits: [TranscriptHit] = [], flanks: [TranscriptHit] = []
        // The interval index already widens every transcript by its 2 kb promoter; widen the query to the flanks.
        let widen = TranscriptModel.flankLength - KnowledgeBase.indexedFlank
        for transcript in try kb.transcripts(chromosome: breakend.position.chromosome, from: low.saturatingAdding(-widen), to: high.saturatingAdding(widen)) {
            var location = transcript.locate(p)
            if location.region == .intergenic {
                // Within the confidence interval but not at the point estimate: take the nearest touching position.
                let probe = min(max(p, transcript.start), transcript.end)
                if probe >= low && probe <= high { location = transcript.locate(probe) } else { continue }
            }
            let hit = TranscriptHit(transcript: transcript, location: location, role: Self.role(strand: transcript.strand, kept: breakend.keptSide, region: location.region))
            if location.region == .upstream || location.region == .downstream { flanks.append(hit) } else { hits.append(hit) }
        }
        hits.sort { ($0.transcript.geneSymbol, $0.transcript.accession, $0.transcript.id) < ($1.transcript.geneSymbol, $1.transcript.accession, $1.transcript.id) }
        var annotation = BreakendAnnotation(breakend: breakend, hits: hits)
        annotation.flankHits = flanks.sorted { ($0.transcript.geneSymbol, $0.transcript.accession, $0.transcript.id) < ($1.transcript.geneSymbol, $1.transcript.accession, $1.transcript.id) }
        for gene in annotation.genes {
            if let hit = Self.displayHit(hits.filter { $0.transcript.geneSymbol == gene }, canonical: canonical[gene]) {
                annotation.displayTranscripts[gene] = hit.transcript.accession
            }
        }
        if hits.allSatisfy({ $0.location.region == .promoter }) {
            annotation.nearbyGenes = try nearbyGenes(breakend.position.chromosome, p)
        }
        return annotation
    }

    /// The nearest protein-coding gene on each side of an intergenic position (within 1 Mb, else 10 Mb). The search
    /// starts with 100 kb: when a gene is found on both sides there, no nearer one can lie outside it, so the answer
    /// is the one the megabase window gives, from a tenth of the transcripts.
    func nearbyGenes(_ chromosome: String, _ position: Int) throws -> [NearbyGene] {
        for window in [100_000, 1_000_000, 10_000_000] {
            let spans = try kb.codingSpans(chromosome: chromosome, from: max(1, position.saturatingAdding(-window)), to: position.saturatingAdding(window))
            let nearest = Self.nearest(to: position, among: spans)
            if nearest.count == 2 || window == 10_000_000 { return nearest }
        }
        return []
    }

    /// The nearest span ending before `position` and the nearest starting after it (ties: the smaller gene symbol),
    /// those found, left first.
    static func nearest(to position: Int, among spans: [(gene: String, strand: Strand, start: Int, end: Int)]) -> [NearbyGene] {
        var left: NearbyGene?, right: NearbyGene?
        for t in spans {
            if t.end < position {
                let d = position - t.end
                if left == nil || d < left!.distance || (d == left!.distance && t.gene < left!.symbol) {
                    left = NearbyGene(symbol: t.gene, strand: t.strand, side: .left, distance: d)
                }
            } else if t.start > position {
                let d = t.start - position
                if right == nil || d < right!.distance || (d == right!.distance && t.gene < right!.symbol) {
                    right = NearbyGene(symbol: t.gene, strand: t.strand, side: .right, distance: d)
                }
            }
        }
        return [left, right].compactMap { $0 }
    }

    /// The transcript shown for a gene: its canonical RefSeq where known, else the longest CDS, else the longest.
    static func displayHit(_ hits: [TranscriptHit], canonical: String? = nil) -> TranscriptHit? {
        if let canonical, let hit = hits.first(where: { $0.transcript.accession == canonical }) { return hit }
        return hits.max { a, b in
            (a.transcript.cdsLength, a.transcript.end - a.transcript.start, b.transcript.accession)
                < (b.transcript.cdsLength, b.transcript.end - b.transcript.start, a.transcript.accession)
        }
    }

    /// Annotates a junction and builds every valid 5′×3′ fusion across it.
    public func annotate(_ junction: Junction) throws -> AnnotatedJunction {
        let given = junction
        let junction = try withKeptSidesFromNamedGenes(junction)
        let sidesFromNames = junction != given
        var a1 = try annotate(junction.first)
        guard let second = junction.second else {
            return AnnotatedJunction(junction: junction, annotation1: a1, annotation2: nil, fusions: [], note: "single breakend (partner unknown)")
        }
        var a2 = try annotate(second)
        var fusions: [FusionCandidate] = []
        var note: String?
        if junction.first.keptSide == nil || second.keptSide == nil {
            func genes(_ a: BreakendAnnotation) -> String { a.genes.isEmpty ? "no gene" : a.genes.joined(separator: ",") }
            note = "orientation unknown: genes \(genes(a1)) / \(genes(a2)) form an unordered pair"
        }
        // Genes named by an RNA caller, as current symbols (callers write GENCODE/older names).
        let named5 = try junction.namedGene5.map { try kb.currentSymbol($0) }
        let named3 = try junction.namedGene3.map { try kb.currentSymbol($0) }
        // A caller that does not say which named gene is 5′: either may be (both named genes may take either role).
        let either = junction.namedGenesInEitherOrder
        let names5 = Set([named5, either ? named3 : nil].compactMap { $0 })
        let names3 = Set([named3, either ? named5 : nil].compactMap { $0 })
        for (x, y) in [(a1, a2), (a2, a1)] {
            // Flank hits count only for the genes an RNA caller named: its transcript ran past our 3′ end
            // (5′ partner) or started upstream of our start (3′ partner).
            let hits5 = x.hits.filter { $0.role == .fivePrime } + x.flankHits.filter { $0.role == .fivePrime && names5.contains($0.transcript.geneSymbol) }
            let hits3 = y.hits.filter { $0.role == .threePrime } + y.flankHits.filter { $0.role == .threePrime && names3.contains($0.transcript.geneSymbol) }
            let genes5 = Set(hits5.map(\.transcript.geneSymbol))
            let genes3 = Set(hits3.map(\.transcript.geneSymbol))
            for g5 in genes5.sorted() {
                for g3 in genes3.sorted() where g5 != g3 {
                    if let named5, let named3, named5 != g5 || named3 != g3, !(either && named5 == g3 && named3 == g5) { continue }
                    let hits5 = Self.unique(hits5.filter { $0.transcript.geneSymbol == g5 })
                    let hits3 = Self.unique(hits3.filter { $0.transcript.geneSymbol == g3 })
                    if let fusion = try bestFusion(hits5, hits3, breakend5: x.breakend, breakend3: y.breakend, dnaOnly: junction.svType != .rnaFusion) {
                        fusions.append(fusion)
                    }
                }
            }
        }
        // The flank genes a fusion took (the caller named them), so the breakend's region names them.
        for fusion in fusions {
            for (breakend, gene) in [(fusion.breakend5, fusion.fivePrime.gene), (fusion.breakend3, fusion.threePrime.gene)] {
                if breakend == a1.breakend { a1.markNamedFlank(gene) }
                if breakend == a2.breakend { a2.markNamedFlank(gene) }
            }
        }
        if sidesFromNames && note == nil && !fusions.isEmpty {
            note = "kept sides from the strands of the genes the caller named (the file gives no strands)"
        }
        if fusions.isEmpty && note == nil {
            note = Self.describeNonFusion(junction, a1, a2, canonical: canonical)
        } else if !fusions.isEmpty {
            let shared = Set(a1.genes).intersection(a2.genes)
            if !shared.isEmpty {
                note = "also intragenic: " + shared.sorted().compactMap { Self.intragenicDetail($0, a1, a2, junction.svType) }.joined(separator: "; ")
            }
        }
        return AnnotatedJunction(junction: junction, annotation1: a1, annotation2: a2, fusions: fusions, note: note)
    }

    /// An RNA junction whose file gives no strands (JAFFA, a generic table with `chr:pos` breakpoints), with the
    /// kept sides its named genes imply: the 5′ gene is transcribed into the junction (on + it keeps the left piece,
    /// on − the right), the 3′ gene out of it (input-formats notes §9). The 5′ gene is looked for at the first
    /// breakend and the 3′ gene at the second, else the other way round; a side stays unknown when its gene is not
    /// there (within its 10 kb flanks) or has transcripts on both strands. Names in either order
    /// (``Junction/namedGenesInEitherOrder``) give sides only when one order places them, or both imply the same sides.
    /// Other junctions are returned unchanged.
    func withKeptSidesFromNamedGenes(_ junction: Junction) throws -> Junction {
        guard junction.svType == .rnaFusion, let second = junction.second, junction.first.keptSide == nil || second.keptSide == nil,
            let named5 = try junction.namedGene5.map({ try kb.currentSymbol($0) }), let named3 = try junction.namedGene3.map({ try kb.currentSymbol($0) }),
            named5 != named3
        else { return junction }
        // Each breakend's transcripts once (hits and flanks; the kept side does not change which transcripts are there).
        let atFirst = try annotate(junction.first), atSecond = try annotate(second)
        /// The strand of `gene`'s transcripts at a breakend, when they agree.
        func strand(of gene: String, in a: BreakendAnnotation) -> Strand? {
            let strands = Set((a.hits + a.flankHits).filter { $0.transcript.geneSymbol == gene }.map(\.transcript.strand))
            return strands.count == 1 ? strands.first : nil
        }
        func side(_ strand: Strand, fivePrime: Bool) -> KeptSide { (strand == .plus) == fivePrime ? .left : .right }
        /// The junction with the sides the pair (`gene5`, `gene3`) implies, or nil when its genes are not found.
        func sides(_ gene5: String, _ gene3: String) -> Junction? {
            var result = junction
            for firstIs5 in [true, false] {
                let (at5, at3) = firstIs5 ? (atFirst, atSecond) : (atSecond, atFirst)
                guard let s5 = strand(of: gene5, in: at5), let s3 = strand(of: gene3, in: at3) else { continue }
                if result.first.keptSide == nil { result.first.keptSide = side(firstIs5 ? s5 : s3, fivePrime: firstIs5) }
                if result.second?.keptSide == nil { result.second?.keptSide = side(firstIs5 ? s3 : s5, fivePrime: !firstIs5) }
                return result
            }
            return nil
        }
        let given = sides(named5, named3)
        // Names in either order (the caller does not say which is 5′): when both orders place the genes but imply
        // different sides, the positions alone cannot tell which is 5′, and the sides stay unknown.
        if junction.namedGenesInEitherOrder, let swapped = sides(named3, named5) {
            guard let given else { return swapped }
            return given == swapped ? given : junction
        }
        if let given { return given }
        return junction
    }

    /// Plain description of a junction that forms no fusion: intergenic (with nearest genes), intragenic
    /// (exons/introns at each end on the displayed transcript), one side intergenic, or 5′–5′ / 3′–3′.
    static func describeNonFusion(_ junction: Junction, _ a1: BreakendAnnotation, _ a2: BreakendAnnotation, canonical: [String: String]) -> String {
        let genes1 = Set(a1.genes), genes2 = Set(a2.genes)
        func near(_ a: BreakendAnnotation) -> String {
            if !a.genes.isEmpty { return a.regionSummary }
            if a.nearbyGenes.isEmpty { return "no gene within 10 Mb" }
            return "intergenic between " + a.nearbyGenes.map { "\($0.symbol) (\($0.distance) bp \($0.side == .left ? "left" : "right"))" }.joined(separator: " and ")
        }
        if genes1.isEmpty && genes2.isEmpty {
            return "intergenic: \(near(a1)); \(near(a2))"
        }
        let shared = genes1.intersection(genes2)
        if !shared.isEmpty {
            return "intragenic: " + shared.sorted().compactMap { intragenicDetail($0, a1, a2, junction.svType) }.joined(separator: "; ")
        }
        if genes1.isEmpty || genes2.isEmpty {
            let genic = genes1.isEmpty ? a2 : a1, other = genes1.isEmpty ? a1 : a2
            return "one breakend intergenic (\(near(other))); \(genic.regionSummary) disrupted"
        }
        return "no valid 5′→3′ orientation (5′–5′ or 3′–3′ joining) between \(a1.regionSummary) and \(a2.regionSummary): gene disruption, not a fusion"
    }

    /// `TP53 (NM_000546) intron 3 ↔ exon 7 (DEL)`.
    static func intragenicDetail(_ gene: String, _ a1: BreakendAnnotation, _ a2: BreakendAnnotation, _ type: StructuralVariantType) -> String? {
        guard let h1 = displayHit(a1.hits.filter { $0.transcript.geneSymbol == gene }),
            let h2 = a2.hits.first(where: { $0.transcript.accession == h1.transcript.accession }) ?? displayHit(a2.hits.filter { $0.transcript.geneSymbol == gene })
        else { return nil }
        return "\(gene) (\(h1.transcript.accession)) \(h1.location.label) ↔ \(h2.location.label) (\(type.rawValue))"
    }

    /// One hit per accession (the first), so a transcript placed twice is evaluated once.
    static func unique(_ hits: [TranscriptHit]) -> [TranscriptHit] {
        var seen: Set<String> = []
        return hits.filter { seen.insert($0.transcript.accession).inserted }
    }

    /// How good a frame is for choosing the displayed pair: productive (in-frame, 5′UTR→CDS) first.
    static func frameRank(_ frame: ReadingFrame) -> Int {
        switch frame {
        case .inFrame, .utr5ToCDS: 0
        case .unknown: 1
        case .outOfFrame: 2
        case .nonCoding: 3
        }
    }

    /// Evaluates every 5′×3′ transcript pair of two genes and returns the fusion of the displayed pair.
    ///
    /// Display rule (docs/KNOWLEDGE-BASE.md, "Display transcripts and frame"): the pair with the best frame
    /// class (in-frame or 5′UTR→CDS, then unknown, then out-of-frame, then non-coding) wins; within a class
    /// the default transcripts (OncoKB canonical RefSeq, else longest CDS) win, then the longer CDS. The
    /// default pair's frame is kept when it differs, and every pair's frame is listed.
    func bestFusion(_ hits5: [TranscriptHit], _ hits3: [TranscriptHit], breakend5: Breakend, breakend3: Breakend, dnaOnly: Bool) throws -> FusionCandidate? {
        guard let default5 = Self.displayHit(hits5, canonical: canonical[hits5.first?.transcript.geneSymbol ?? ""]),
            let default3 = Self.displayHit(hits3, canonical: canonical[hits3.first?.transcript.geneSymbol ?? ""])
        else { return nil }
        var candidates: [(fusion: FusionCandidate, key: (Int, Int, Int, String, String))] = []
        for h5 in hits5 {
            for h3 in hits3 {
                var fusion = try buildFusion(
                    h5, h3, breakend5: breakend5, breakend3: breakend3,
                    alternatives5: hits5.map(\.transcript.accession).filter { $0 != h5.transcript.accession },
                    alternatives3: hits3.map(\.transcript.accession).filter { $0 != h3.transcript.accession }, dnaOnly: dnaOnly)
                let isDefault5 = h5.transcript.accession == default5.transcript.accession
                let isDefault3 = h3.transcript.accession == default3.transcript.accession
                fusion.fivePrime.isDefaultTranscript = isDefault5
                fusion.threePrime.isDefaultTranscript = isDefault3
                let defaults = (isDefault5 ? 1 : 0) + (isDefault3 ? 1 : 0)
                candidates.append((fusion, (Self.frameRank(fusion.frame), -defaults, -(h5.transcript.cdsLength + h3.transcript.cdsLength), h5.transcript.accession, h3.transcript.accession)))
            }
        }
        candidates.sort { $0.key < $1.key }
        guard var chosen = candidates.first?.fusion else { return nil }
        let pairs = candidates.map { c in
            TranscriptPairFrame(
                transcript5: c.fusion.fivePrime.transcript.accession, transcript3: c.fusion.threePrime.transcript.accession,
                lastExon5: c.fusion.fivePrime.keptExons?.upperBound ?? 0, firstExon3: c.fusion.threePrime.keptExons?.lowerBound ?? 0,
                frame: c.fusion.frame, isDefaultPair: c.fusion.fivePrime.isDefaultTranscript && c.fusion.threePrime.isDefaultTranscript)
        }
        let defaultPair = pairs.first { $0.isDefaultPair }
        let productive = pairs.filter { Self.frameRank($0.frame) == 0 }.count
        chosen.transcriptPairs = Array(pairs.prefix(50))
        if let defaultPair, !chosen.transcriptPairs.contains(defaultPair) { chosen.transcriptPairs.append(defaultPair) }
        chosen.pairCount = pairs.count
        chosen.productivePairCount = productive
        if let defaultPair, !(chosen.fivePrime.isDefaultTranscript && chosen.threePrime.isDefaultTranscript) {
            chosen.defaultPairFrame = defaultPair.frame
            chosen.displayChoice =
                "default pair \(defaultPair.transcript5) exon \(defaultPair.lastExon5) → \(defaultPair.transcript3) exon \(defaultPair.firstExon3) "
                + "is \(defaultPair.frame.rawValue); "
                + "\(chosen.fivePrime.transcript.accession)/\(chosen.threePrime.transcript.accession) gives \(chosen.frame.rawValue) "
                + "(\(productive) of \(pairs.count) transcript pairs productive)"
        } else {
            chosen.displayChoice =
                "default transcripts (\(canonical[chosen.fivePrime.gene] == chosen.fivePrime.transcript.accession ? "canonical" : "longest CDS") / "
                + "\(canonical[chosen.threePrime.gene] == chosen.threePrime.transcript.accession ? "canonical" : "longest CDS")); "
                + "\(productive) of \(pairs.count) transcript pairs productive"
        }
        return chosen
    }

    /// Protein domains of a transcript from the knowledge base (empty when no domain source was imported).
    func domains(of accession: String) throws -> [ProteinDomain] {
        if let cached = domainCache[accession] { return cached }
        let statement = try kb.preparedStatement(
            "SELECT d.label, d.pfam, d.description, d.aa_start, d.aa_end, s.name FROM domain d JOIN source s ON s.id = d.source_id WHERE d.accession = ? ORDER BY d.aa_start, d.aa_end")
        try statement.bind([.text(accession.split(separator: ".").first.map(String.init) ?? accession)])
        var result: [ProteinDomain] = []
        while try statement.step() {
            result.append(
                ProteinDomain(
                    name: statement.text(0), pfam: statement.optionalText(1), description: statement.optionalText(2),
                    aaStart: statement.int(3), aaEnd: statement.int(4), source: statement.text(5)))
        }
        domainCache[accession] = result
        return result
    }

    /// Domains of a transcript: its own (by accession); for a coding transcript the domain sources do not
    /// cover, the gene's domains mapped on the genome through its other transcripts (`domain_genomic`) and
    /// projected onto this transcript's CDS, kept when ≥ 90 % of the domain's codons are coding here.
    func domains(of transcript: TranscriptModel) throws -> [ProteinDomain] {
        let own = try domains(of: transcript.accession)
        guard own.isEmpty, transcript.isCoding else { return own }
        let key = "projected:\(transcript.accession):\(transcript.chromosome):\(transcript.start)"
        if let cached = domainCache[key] { return cached }
        var result: [ProteinDomain] = []
        for row in try genomicDomains(gene: transcript.geneSymbol, chromosome: transcript.chromosome) {
            let expected = (row.aaEnd - row.aaStart + 1) * 3
            guard let cover = transcript.codingCoverage(of: [row.start...row.end]),
                Double(cover.bases) >= 0.9 * Double(expected), Double(cover.bases) <= 1.1 * Double(expected)
            else { continue }
            let start = cover.first / 3 + 1, end = min(cover.last / 3 + 1, max(1, transcript.proteinLength))
            let name = row.label
            if result.contains(where: { $0.name == name && $0.aaStart <= end && start <= $0.aaEnd }) { continue }
            result.append(
                ProteinDomain(
                    name: name, pfam: row.pfam, description: row.description, aaStart: start, aaEnd: max(start, end),
                    source: "\(row.source) (projected from \(row.accession))"))
        }
        result.sort { ($0.aaStart, $0.aaEnd, $0.name) < ($1.aaStart, $1.aaEnd, $1.name) }
        domainCache[key] = result
        return result
    }

    /// One row of a gene's domains mapped on the genome (`domain_genomic`), before projection onto a transcript.
    struct GenomicDomainRow: Equatable {
        var label: String
        var pfam: String?
        var description: String?
        var aaStart: Int
        var aaEnd: Int
        var source: String
        var start: Int
        var end: Int
        var accession: String
    }

    /// A gene's genome-mapped domains on one chromosome, ordered by protein accession and first residue, ties in
    /// `domain_genomic` order: the rows and order of ``genomicDomainSQL``. They depend on the gene and the chromosome
    /// only, so every transcript of the gene shares one read. That join scans `domain_genomic` (no index on its
    /// domain; about 10 ms a gene), so a gene's rows are found instead through its domain rows (indexed by gene) and
    /// a map of each domain's `domain_genomic` rowids read once; after `bulkAfter` genes the whole table is read
    /// once, in the same order.
    func genomicDomains(gene: String, chromosome: String) throws -> [GenomicDomainRow] {
        let key = gene + "\t" + chromosome
        if let cached = genomicDomainCache[key] { return cached }
        if genomicDomainsReadWhole { return [] }
        if genomicDomainCache.count >= Self.bulkAfter {
            try readAllGenomicDomains()
            return genomicDomainCache[key] ?? []
        }
        if genomicRowsByDomain == nil {
            var map: [Int: [Int]] = [:]
            let scan = try kb.db.prepare("SELECT domain_id, rowid FROM domain_genomic ORDER BY rowid")
            while try scan.step() { map[scan.int(0), default: []].append(scan.int(1)) }
            genomicRowsByDomain = map
        }
        let domains = try kb.preparedStatement(
            "SELECT d.id, d.label, d.pfam, d.description, d.aa_start, d.aa_end, s.name, d.accession FROM domain d JOIN source s ON s.id = d.source_id WHERE d.gene_symbol = ?")
        let span = try kb.preparedStatement("SELECT chrom, start, end FROM domain_genomic WHERE rowid = ?")
        try domains.bind([.text(gene)])
        var found: [(rowid: Int, row: GenomicDomainRow)] = []
        while try domains.step() {
            for rowid in genomicRowsByDomain?[domains.int(0)] ?? [] {
                try span.bind([.int(rowid)])
                guard try span.step(), span.text(0) == chromosome else { continue }
                found.append((rowid, GenomicDomainRow(
                    label: domains.text(1), pfam: domains.optionalText(2), description: domains.optionalText(3), aaStart: domains.int(4),
                    aaEnd: domains.int(5), source: domains.text(6), start: span.int(1), end: span.int(2), accession: domains.text(7))))
            }
        }
        // ORDER BY accession (bytewise, as SQLite compares text), first residue; ties in table order.
        found.sort { x, y in
            if x.row.accession != y.row.accession { return x.row.accession.utf8.lexicographicallyPrecedes(y.row.accession.utf8) }
            if x.row.aaStart != y.row.aaStart { return x.row.aaStart < y.row.aaStart }
            return x.rowid < y.rowid
        }
        let rows = found.map(\.row)
        genomicDomainCache[key] = rows
        return rows
    }

    /// A gene's genome-mapped domains as one SQL join (`?1` gene, `?2` chromosome): what ``genomicDomains(gene:chromosome:)``
    /// returns, row for row (tests compare the two).
    static let genomicDomainSQL = """
        SELECT d.label, d.pfam, d.description, d.aa_start, d.aa_end, s.name, g.start, g.end, d.accession
        FROM domain d JOIN domain_genomic g ON g.domain_id = d.id JOIN source s ON s.id = d.source_id
        WHERE d.gene_symbol = ?1 AND g.chrom = ?2 ORDER BY d.accession, d.aa_start
        """

    /// Genes read one query each before the whole genome-mapped domain table is read at once.
    static let bulkAfter = 64

    static func genomicDomainRow(_ statement: Statement, from c: Int) -> GenomicDomainRow {
        GenomicDomainRow(
            label: statement.text(c), pfam: statement.optionalText(c + 1), description: statement.optionalText(c + 2), aaStart: statement.int(c + 3),
            aaEnd: statement.int(c + 4), source: statement.text(c + 5), start: statement.int(c + 6), end: statement.int(c + 7),
            accession: statement.text(c + 8))
    }

    /// Every gene's genome-mapped domains, grouped by gene and chromosome: the join in `domain_genomic` scan
    /// order (the per-gene query's order before its sort), then per group a stable sort by accession (bytewise,
    /// as SQLite compares text) and first residue, as the per-gene query's ORDER BY leaves ties in scan order.
    func readAllGenomicDomains() throws {
        let statement = try kb.db.prepare(
            """
            SELECT d.gene_symbol, g.chrom, d.label, d.pfam, d.description, d.aa_start, d.aa_end, s.name, g.start, g.end, d.accession
            FROM domain_genomic g CROSS JOIN domain d ON d.id = g.domain_id CROSS JOIN source s ON s.id = d.source_id ORDER BY g.rowid
            """)
        var groups: [String: [GenomicDomainRow]] = [:]
        while try statement.step() {
            groups[statement.text(0) + "\t" + statement.text(1), default: []].append(Self.genomicDomainRow(statement, from: 2))
        }
        for (key, rows) in groups {
            let order = rows.indices.sorted { a, b in
                let x = rows[a], y = rows[b]
                if x.accession != y.accession { return x.accession.utf8.lexicographicallyPrecedes(y.accession.utf8) }
                if x.aaStart != y.aaStart { return x.aaStart < y.aaStart }
                return a < b
            }
            genomicDomainCache[key] = order.map { rows[$0] }
        }
        genomicDomainsReadWhole = true
    }

    // MARK: - Fusion construction

    func buildFusion(
        _ h5: TranscriptHit, _ h3: TranscriptHit, breakend5: Breakend, breakend3: Breakend,
        alternatives5: [String], alternatives3: [String], dnaOnly: Bool
    ) throws -> FusionCandidate {
        let t5 = h5.transcript, t3 = h3.transcript
        let p5 = breakend5.position.position, p3 = breakend3.position.position
        var exactBoundaries = true

        // Last kept exon of the 5′ partner (transcript order).
        var last5: Int
        switch h5.location.region {
        case .intron: last5 = h5.location.intron ?? 0
        case .downstream:
            last5 = t5.exonCount
            exactBoundaries = false
        default:
            let k = h5.location.exon ?? 0
            let i = t5.genomicIndex(ofExon: max(k, 1))
            let atDonor = t5.strand == .plus ? p5 == t5.exonEnds[i] : p5 == t5.exonStarts[i]
            if !atDonor { exactBoundaries = false }
            last5 = k
        }
        // First kept exon of the 3′ partner.
        var first3: Int
        switch h3.location.region {
        case .intron: first3 = (h3.location.intron ?? 0) + 1
        case .promoter, .upstream: first3 = 1
        default:
            let k = h3.location.exon ?? 1
            let i = t3.genomicIndex(ofExon: k)
            let atAcceptor = t3.strand == .plus ? p3 == t3.exonStarts[i] : p3 == t3.exonEnds[i]
            if !atAcceptor { exactBoundaries = false }
            first3 = k
        }
        last5 = min(max(last5, 1), t5.exonCount)
        first3 = min(max(first3, 1), t3.exonCount)

        let c5 = t5.codingBases(throughExon: last5)
        let c3Before = t3.codingBases(throughExon: first3 - 1)
        let c3Kept = t3.cdsLength - c3Before
        let frame: ReadingFrame
        var protein: Int?
        var kept5: ClosedRange<Int>?
        var kept3: ClosedRange<Int>?
        let fivePrimeUTROnly = t5.isCoding && c5 == 0 && Self.exonsBeforeCDS(t5, through: last5)
        if !t5.isCoding || !t3.isCoding {
            frame = fivePrimeUTROnly || (!t5.isCoding && t3.isCoding && c3Before == 0) ? .utr5ToCDS : .nonCoding
        } else if fivePrimeUTROnly {
            frame = c3Before == 0 ? .utr5ToCDS : .unknown
        } else if c5 >= t5.cdsLength || c3Kept <= 0 {
            frame = .nonCoding
        } else if c3Before == 0 {
            frame = .unknown  // 5′ CDS runs into the 3′ partner's 5′UTR
        } else if !exactBoundaries && (h5.location.region != .intron || h3.location.region != .intron) {
            frame = .unknown  // an exonic DNA breakpoint: splicing cannot be predicted
        } else {
            frame = c5 % 3 == c3Before % 3 ? .inFrame : .outOfFrame
        }
        switch frame {
        case .inFrame:
            protein = (c5 + c3Kept) / 3 - 1
            kept5 = 1...max(1, c5 / 3)
            kept3 = (c3Before / 3 + 1)...max(c3Before / 3 + 1, t3.proteinLength)
        case .utr5ToCDS:
            protein = t3.proteinLength
            kept3 = 1...max(1, t3.proteinLength)
        case .outOfFrame, .unknown:
            if c5 > 0 { kept5 = 1...max(1, c5 / 3) }
        case .nonCoding:
            if c5 > 0 { kept5 = 1...max(1, min(c5 / 3, t5.proteinLength)) }
        }
        let utr5 = Self.utrBases(t5, exons: 1...last5)
        let utr3 = Self.utrBases(t3, exons: first3...t3.exonCount)
        var partner5 = FusionPartner(
            gene: t5.geneSymbol, transcript: t5, location: h5.location, keptExons: 1...last5, codingBasesKept: c5,
            keptResidues: kept5, utr5Kept: utr5.utr5, utr3Kept: utr5.utr3,
            domains: Self.fates(try domains(of: t5), kept: kept5), alternativeTranscripts: alternatives5)
        var partner3 = FusionPartner(
            gene: t3.geneSymbol, transcript: t3, location: h3.location, keptExons: first3...t3.exonCount, codingBasesKept: max(0, c3Kept),
            keptResidues: kept3, utr5Kept: utr3.utr5, utr3Kept: utr3.utr3,
            domains: Self.fates(try domains(of: t3), kept: kept3), alternativeTranscripts: alternatives3)
        partner5.utr5Lost = t5.utrLengths.utr5 - utr5.utr5
        partner5.utr3Lost = t5.utrLengths.utr3 - utr5.utr3
        partner3.utr5Lost = t3.utrLengths.utr5 - utr3.utr5
        partner3.utr3Lost = t3.utrLengths.utr3 - utr3.utr3
        let adjacent = t5.chromosome == t3.chromosome && t5.strand == t3.strand
            && abs(p5 - p3) < 200_000 && ((t5.strand == .plus) == (t5.start < t3.start))
        return FusionCandidate(
            fivePrime: partner5, threePrime: partner3, breakend5: breakend5, breakend3: breakend3, frame: frame,
            proteinLength: protein, adjacentSameStrand: adjacent, inferredFromDNA: dnaOnly)
    }

    static func exonsBeforeCDS(_ t: TranscriptModel, through number: Int) -> Bool {
        guard let cdsStart = t.cdsStart, let cdsEnd = t.cdsEnd else { return false }
        let i = t.genomicIndex(ofExon: number)
        return t.strand == .plus ? t.exonEnds[i] < cdsStart : t.exonStarts[i] > cdsEnd
    }

    /// 5′UTR and 3′UTR bases in the given transcript-order exons.
    static func utrBases(_ t: TranscriptModel, exons: ClosedRange<Int>) -> (utr5: Int, utr3: Int) {
        guard let cdsStart = t.cdsStart, let cdsEnd = t.cdsEnd else { return (0, 0) }
        var left = 0, right = 0
        for n in exons {
            let i = t.genomicIndex(ofExon: n)
            if t.exonStarts[i] < cdsStart { left += min(t.exonEnds[i], cdsStart - 1) - t.exonStarts[i] + 1 }
            if t.exonEnds[i] > cdsEnd { right += t.exonEnds[i] - max(t.exonStarts[i], cdsEnd + 1) + 1 }
        }
        return t.strand == .plus ? (left, right) : (right, left)
    }

    /// What the kept residue range keeps of each domain.
    static func fates(_ domains: [ProteinDomain], kept: ClosedRange<Int>?) -> [RetainedDomain] {
        domains.map { domain in
            let fraction = fractionKept(domain, kept: kept)
            return RetainedDomain(domain: domain, fate: fate(fraction: fraction), fractionKept: fraction)
        }
    }

    /// Fraction of a domain's residues inside the kept protein range (0 when nothing is kept).
    @inline(__always)
    static func fractionKept(_ domain: ProteinDomain, kept: ClosedRange<Int>?) -> Double {
        let length = domain.aaEnd - domain.aaStart + 1
        guard let kept, length > 0 else { return 0 }
        let keptCount = max(0, min(kept.upperBound, domain.aaEnd) - max(kept.lowerBound, domain.aaStart) + 1)
        return Double(keptCount) / Double(length)
    }

    /// A domain's fate: retained when at least 99.9% of its residues are kept, truncated when some are, else lost.
    @inline(__always)
    static func fate(_ domain: ProteinDomain, kept: ClosedRange<Int>?) -> DomainFate { fate(fraction: fractionKept(domain, kept: kept)) }

    @inline(__always)
    static func fate(fraction: Double) -> DomainFate { fraction >= 0.999 ? .retained : (fraction > 0 ? .truncated : .lost) }
}

