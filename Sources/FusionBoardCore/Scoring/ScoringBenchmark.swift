#if canImport(Glibc)
    import Glibc
#endif
import Foundation

/// Measures the driver-model stage on synthetic patients (`make bench`).
///
/// Each patient has 10,000 VCF records: 5,000 Manta-style BND mate pairs. In the worst case
/// (``Layout/genes``) both breakends of every pair sit at the midpoint of a protein-coding transcript of the
/// knowledge base, so nearly every SV forms candidate fusions (about 3,400 with the full knowledge base). In
/// ``Layout/genome`` the breakends are spread evenly over the primary chromosomes, as a patient's SVs would be
/// without any preference for genes, so only the SVs that happen to join two genes form candidates. Annotation
/// and evidence run once; the model stage (features from the collected evidence, the network, the calibrated
/// probability and the exact Shapley attributions, as ``ModelDriverScorer`` does them in the pipeline) is then
/// timed over every candidate, several times.
public enum ScoringBenchmark {
    /// Where the synthetic patient's breakends lie.
    public enum Layout: String, CaseIterable, Sendable {
        /// Every breakend at a protein-coding transcript's midpoint: the worst case, nearly every SV a candidate.
        case genes
        /// Breakends at evenly spread positions of the primary chromosomes (a fixed pseudo-random sequence, the
        /// same on every run): a patient whose SVs join genes only as often as chance makes them.
        case genome
    }

    /// GRCh38 primary contigs (1–22, X, Y) for the generated header.
    static let contigs: [(String, Int)] = Chromosome.primary.filter { $0 != "MT" }.map { (Chromosome.ucscName($0), GenomeBuild.grch38.length(ofChromosome: $0)!) }

    /// Writes the synthetic patient: `pairs` BND mate pairs (2 × `pairs` records) at protein-coding transcript
    /// midpoints, picked deterministically from the knowledge base's transcript table (same rule as the
    /// 10,000-record report test). Returns the number of records written.
    /// With ``Layout/genome``, the breakends are instead positions drawn evenly over the primary chromosomes'
    /// GRCh38 lengths by a fixed linear congruential sequence.
    @discardableResult
    public static func writeSyntheticPatient(knowledgeBase: KnowledgeBase, pairs: Int = 5_000, layout: Layout = .genes, to path: String) throws -> Int {
        if layout == .genome { return try writeLines(genomeBreakends(count: 2 * pairs), pairs: pairs, to: path) }
        let transcripts = try knowledgeBase.db.rows(
            "SELECT chrom, tx_start, tx_end FROM transcript WHERE cds_start IS NOT NULL AND chrom NOT LIKE '%\\_%' ESCAPE '\\' ORDER BY id")
            .compactMap { row -> (String, Int)? in
                guard let chrom = row[0], let s = row[1].flatMap(Int.init), let e = row[2].flatMap(Int.init) else { return nil }
                return (chrom.hasPrefix("chr") ? chrom : "chr" + chrom, (s + e) / 2)
            }
            .filter { ["chrM", "chrMT"].contains($0.0) == false }
        guard !transcripts.isEmpty else { throw KnowledgeBaseError("the knowledge base \(knowledgeBase.path) holds no protein-coding transcript") }
        var breakends: [(String, Int)] = []
        breakends.reserveCapacity(2 * pairs)
        for i in 0..<pairs {
            breakends.append(transcripts[(i * 7_919) % transcripts.count])
            breakends.append(transcripts[(i * 104_729 + 13) % transcripts.count])
        }
        return try writeLines(breakends, pairs: pairs, to: path)
    }

    /// `count` positions spread evenly over the primary chromosomes (each base equally likely), from a fixed
    /// 64-bit linear congruential sequence (Knuth's MMIX constants), so every run writes the same patient.
    static func genomeBreakends(count: Int) -> [(String, Int)] {
        let total = contigs.reduce(0) { $0 + $1.1 }
        var state: UInt64 = 20_240_517
        var out: [(String, Int)] = []
        out.reserveCapacity(count)
        for _ in 0..<count {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            var offset = Int((state >> 11) % UInt64(total))
            for (name, length) in contigs {
                if offset < length {
                    out.append((name, offset + 1))
                    break
                }
                offset -= length
            }
        }
        return out
    }

    /// Writes breakends 2i and 2i + 1 as the mates of BND pair i.
    private static func writeLines(_ breakends: [(String, Int)], pairs: Int, to path: String) throws -> Int {
        var lines = ["##fileformat=VCFv4.1", "##source=GenerateSVCandidates 1.6.0", "##reference=file:///ref/GRCh38.fa"]
        for (name, length) in contigs { lines.append("##contig=<ID=\(name),length=\(length)>") }
        lines.append("#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tNORMAL\tTUMOR")
        let forms: [(String, String)] = [("N[%@[", "]%@]N"), ("N]%@]", "N]%@]"), ("[%@[N", "[%@[N"), ("]%@]N", "N[%@[")]
        for i in 0..<pairs {
            let a = breakends[2 * i], b = breakends[2 * i + 1]
            let (altA, altB) = forms[i % 4]
            let idA = "bnd\(i)_1", idB = "bnd\(i)_2"
            let info = "SVTYPE=BND;SOMATIC;SOMATICSCORE=60"
            lines.append(
                "\(a.0)\t\(a.1)\t\(idA)\tN\t\(altA.replacingOccurrences(of: "%@", with: "\(b.0):\(b.1)"))\t60\tPASS\t\(info);MATEID=\(idB)\tPR:SR\t30,0:30,0\t40,6:40,7")
            lines.append(
                "\(b.0)\t\(b.1)\t\(idB)\tN\t\(altB.replacingOccurrences(of: "%@", with: "\(a.0):\(a.1)"))\t60\tPASS\t\(info);MATEID=\(idA)\tPR:SR\t30,0:30,0\t40,6:40,7")
        }
        try AtomicFile.write(lines.joined(separator: "\n") + "\n", to: path)
        return 2 * pairs
    }

    /// A candidate fusion with its collected evidence: the model stage's input.
    public struct Candidate: Sendable {
        public var fusion: FusionCandidate
        public var evidence: FusionEvidence
    }

    /// Reads the patient, annotates every junction and collects every fusion's evidence (once, untimed).
    public static func candidates(knowledgeBase: KnowledgeBase, input path: String) throws -> (records: Int, candidates: [Candidate]) {
        let set = try InputReader.read(path, options: InputOptions())
        let annotator = try Annotator(knowledgeBase: knowledgeBase)
        let collector = EvidenceCollector(knowledgeBase: knowledgeBase)
        var out: [Candidate] = []
        for junction in set.junctions {
            for fusion in try annotator.annotate(junction).fusions {
                out.append(Candidate(fusion: fusion, evidence: try collector.collect(fusion)))
            }
        }
        return (set.statistics.recordsRead, out)
    }

    /// Timings of the model stage over all candidates.
    public struct Timing: Sendable {
        public var scorer: String
        public var fusions: Int
        /// Wall-clock seconds of each repetition (the pipeline's batch, on every core).
        public var seconds: [Double]
        /// Median seconds of the same batch on one thread, and the number of threads of the timed runs.
        public var oneThreadSeconds: Double
        public var threads: Int
        public var best: Double { seconds.min() ?? 0 }
        public var median: Double { seconds.sorted()[seconds.count / 2] }
        /// Median microseconds per fusion.
        public var perFusionMicroseconds: Double { fusions == 0 ? 0 : median * 1e6 / Double(fusions) }
        /// A checksum of every score (probability, logit, baseline, contributions), so runs can be compared.
        public var checksum: UInt64
        /// Median seconds of the two halves, timed apart in extra runs on one thread, one fusion at a time:
        /// feature extraction alone, and the network, probability and attributions alone on the extracted vectors.
        public var extractionSeconds: Double
        public var inferenceSeconds: Double
        /// Distinct feature vectors (over the model's inputs) among the candidates.
        public var distinctVectors: Int
    }

    /// Times the model stage as the pipeline runs it: each repetition builds a fresh scorer (untimed, as the
    /// pipeline does once per patient) and scores every candidate in one batch
    /// (``ModelDriverScorer/score(_:evidence:threads:)``, spread over the machine's cores); then the same batch on
    /// one thread, and one by one, which must give the same scores.
    public static func timeModelStage(
        knowledgeBase: KnowledgeBase, candidates: [Candidate], deNovo: Bool, modelsFolder: String? = nil, repetitions: Int = 7
    ) throws -> Timing {
        var seconds: [Double] = [], oneThread: [Double] = []
        var scorerName = ""
        var checksum: UInt64 = 0
        let fusions = candidates.map(\.fusion), evidence = candidates.map(\.evidence)
        for threads in [nil, 1] as [Int?] {
            for _ in 0..<max(1, repetitions) {
                let scorer = try ModelDriverScorer(knowledgeBase: knowledgeBase, deNovo: deNovo, modelsFolder: modelsFolder)
                scorerName = scorer.scorerName
                let start = DispatchTime.now().uptimeNanoseconds
                let scores = try scorer.score(fusions, evidence: evidence, threads: threads)
                let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
                if threads == nil {
                    seconds.append(elapsed)
                    checksum = Self.checksum(scores)
                } else {
                    oneThread.append(elapsed)
                    precondition(Self.checksum(scores) == checksum, "scoring on one thread gave other scores")
                }
            }
        }
        let single = try ModelDriverScorer(knowledgeBase: knowledgeBase, deNovo: deNovo, modelsFolder: modelsFolder)
        let oneByOne = try candidates.map { try single.score($0.fusion, evidence: $0.evidence, deNovo: deNovo) }
        precondition(Self.checksum(oneByOne) == checksum, "scoring one by one gave other scores")
        // The two halves apart.
        var extraction: [Double] = [], inference: [Double] = []
        var distinct = 0
        for _ in 0..<max(1, repetitions / 2) {
            let scorer = try ModelDriverScorer(knowledgeBase: knowledgeBase, deNovo: deNovo, modelsFolder: modelsFolder)
            var vectors: [FeatureVector] = []
            vectors.reserveCapacity(candidates.count)
            var start = DispatchTime.now().uptimeNanoseconds
            for c in candidates { vectors.append(try scorer.extractor.extract(c.fusion, evidence: c.evidence)) }
            extraction.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
            var scores: [DriverScore] = []
            scores.reserveCapacity(candidates.count)
            start = DispatchTime.now().uptimeNanoseconds
            for v in vectors { scores.append(try scorer.score(features: v)) }
            inference.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
            precondition(Self.checksum(scores) == checksum, "scoring the extracted vectors gave other scores")
            let columns = scorer.model.inputs.map { FeatureSchema.index[$0]! }
            distinct = Set(vectors.map { v in columns.map { v.values[$0] } }).count
        }
        func median(_ a: [Double]) -> Double { a.isEmpty ? 0 : a.sorted()[a.count / 2] }
        return Timing(
            scorer: scorerName, fusions: candidates.count, seconds: seconds, oneThreadSeconds: median(oneThread),
            threads: min(ProcessInfo.processInfo.activeProcessorCount, 8), checksum: checksum, extractionSeconds: median(extraction),
            inferenceSeconds: median(inference), distinctVectors: distinct)
    }

    /// FNV-1a over the bit patterns of every number a score carries.
    static func checksum(_ scores: [DriverScore]) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ x: Double) {
            h ^= x.bitPattern
            h = h &* 0x0000_0100_0000_01B3
        }
        for s in scores {
            mix(s.probability)
            mix(s.modelOutput)
            mix(s.baseline)
            for c in s.contributions { mix(c.contribution) }
        }
        return h
    }

    /// Seconds of one whole pipeline run (input, annotation, evidence, scoring, explanation) on the patient, with
    /// the knowledge base opened afresh (no answer cached by the runs before).
    public static func timeEndToEnd(knowledgeBase: KnowledgeBase, input path: String, deNovo: Bool, modelsFolder: String? = nil) throws -> (seconds: Double, fusions: Int) {
        var options = PipelineOptions()
        options.deNovo = deNovo
        options.modelsFolder = modelsFolder
        let start = DispatchTime.now().uptimeNanoseconds
        let fresh = try KnowledgeBase(path: knowledgeBase.path)
        let analysis = try Pipeline(knowledgeBase: fresh, options: options).run(inputs: [path], sample: "SYNTHETIC")
        return (Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9, analysis.fusions.count)
    }

    /// The pipeline's stages one after the other (each over every junction or fusion, where the pipeline
    /// interleaves them per fusion), with the knowledge base opened afresh and read in one transaction as the
    /// pipeline reads it: seconds per stage, in order.
    public static func timeStages(knowledgeBase: KnowledgeBase, input path: String, deNovo: Bool, modelsFolder: String? = nil) throws -> [(stage: String, seconds: Double)] {
        var stages: [(String, Double)] = []
        var start = DispatchTime.now().uptimeNanoseconds
        func lap(_ name: String) {
            let now = DispatchTime.now().uptimeNanoseconds
            stages.append((name, Double(now - start) / 1e9))
            start = now
        }
        let fresh = try KnowledgeBase(path: knowledgeBase.path)
        try fresh.db.reading {
            var inputOptions = InputOptions()
            inputOptions.liftover = try fresh.liftover()
            let set = try InputReader.read(path, options: inputOptions)
            lap("read input (and liftover chain)")
            let annotator = try Annotator(knowledgeBase: fresh)
            let junctions = try set.junctions.map { try annotator.annotate($0) }
            lap("annotation")
            let collector = EvidenceCollector(knowledgeBase: fresh)
            let fusions = junctions.flatMap(\.fusions)
            let evidence = try fusions.map { try collector.collect($0) }
            lap("evidence")
            let scorer = try ModelDriverScorer(knowledgeBase: fresh, deNovo: deNovo, modelsFolder: modelsFolder)
            let scores = try scorer.score(fusions, evidence: evidence)
            lap("model (features, network, attributions)")
            let explainer = Explainer(knowledgeBase: fresh, options: ExplanationOptions())
            for i in fusions.indices { _ = explainer.explain(fusion: fusions[i], evidence: evidence[i], score: scores[i], deNovo: deNovo, tumourType: nil) }
            lap("explanation")
            for event in set.events { _ = try Pipeline.annotate(event, junctions: junctions, annotator: annotator) }
            lap("event rows")
        }
        return stages
    }
}
