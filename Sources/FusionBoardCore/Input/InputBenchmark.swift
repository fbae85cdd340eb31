import Foundation

/// Measures input parsing speed on a generated caller-like VCF (`make bench`).
///
/// The file mixes what real somatic SV VCFs hold: Manta-style BND mate pairs with `MATEID`, `CIPOS`, `HOMSEQ`,
/// depth keys and tumour/normal `PR:SR` columns; `<DEL>`/`<DUP:TANDEM>`/`<INV>` with END/SVLEN/CIPOS/CIEND;
/// GRIDSS-style single breakends with inserted sequence; ~5% filtered records. Positions are GRCh38, so the
/// timing is the reader's own (liftover is measured separately when a chain is given).
public enum InputBenchmark {
    /// One timing run.
    public struct Result: Sendable {
        public var records: Int
        public var bytes: Int
        public var junctions: Int
        public var events: Int
        /// Wall-clock seconds of each repetition.
        public var seconds: [Double]
        /// CPU seconds of the parsing thread in each repetition (the checksum runs on another thread); less
        /// sensitive than wall time to other processes on a shared machine.
        public var cpuSeconds: [Double]
        public var bestCPU: Double { cpuSeconds.min() ?? 0 }
        public var best: Double { seconds.min() ?? 0 }
        public var median: Double { seconds.sorted()[seconds.count / 2] }
    }

    /// Writes a VCF with about `records` data lines to `path`.
    public static func writeVCF(records: Int, to path: String) throws {
        var text = "##fileformat=VCFv4.2\n##source=GenerateSVCandidates 1.6.0\n##reference=file:///ref/GRCh38.fa\n"
        for (name, length) in [("chr1", 248_956_422), ("chr2", 242_193_529), ("chr3", 198_295_559), ("chr10", 133_797_422)] {
            text += "##contig=<ID=\(name),length=\(length)>\n"
        }
        text += "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tNORMAL\tTUMOR\n"
        var generator = SplitMix(seed: 42)
        var written = 0
        var n = 0
        var lines: [String] = []
        lines.reserveCapacity(records)
        let chroms = ["chr1", "chr2", "chr3", "chr10"]
        while written < records {
            n += 1
            let chrom = chroms[Int(generator.next() % 4)]
            let pos = 1_000_000 + Int(generator.next() % 100_000_000)
            let filter = generator.next() % 20 == 0 ? "MinSomaticScore" : "PASS"
            let format = "PR:SR\t\(generator.next() % 60),0:\(generator.next() % 40),0\t\(generator.next() % 60),\(generator.next() % 30):\(generator.next() % 40),\(generator.next() % 30)"
            switch generator.next() % 10 {
            case 0...4 where written + 2 <= records:
                let mateChrom = chroms[Int(generator.next() % 4)]
                let matePos = 1_000_000 + Int(generator.next() % 100_000_000)
                let id = "MantaBND:\(n):0:1:0:0:0:"
                let common = "SVTYPE=BND;CIPOS=0,1;HOMLEN=1;HOMSEQ=T;SOMATIC;SOMATICSCORE=\(generator.next() % 200);BND_DEPTH=\(generator.next() % 100);MATE_BND_DEPTH=\(generator.next() % 100)"
                lines.append("\(chrom)\t\(pos)\t\(id)0\tT\tT[\(mateChrom):\(matePos)[\t.\t\(filter)\t\(common);MATEID=\(id)1\t\(format)")
                lines.append("\(mateChrom)\t\(matePos)\t\(id)1\tA\t]\(chrom):\(pos)]A\t.\t\(filter)\t\(common);MATEID=\(id)0\t\(format)")
                written += 2
            case 5...7:
                let symbol = ["<DEL>", "<DUP:TANDEM>", "<INV>"][Int(generator.next() % 3)]
                let length = 300 + Int(generator.next() % 1_000_000)
                lines.append(
                    "\(chrom)\t\(pos)\tManta\(symbol.dropFirst().prefix(3)):\(n):0:0:0:0:0\tN\t\(symbol)\t.\t\(filter)\tEND=\(pos + length);SVTYPE=\(symbol.dropFirst().prefix(3));SVLEN=\(length);CIPOS=-50,50;CIEND=-60,60;SOMATIC;SOMATICSCORE=\(generator.next() % 200)\t\(format)")
                written += 1
            default:
                let inserted = String(repeating: "ACGTTGCA", count: 1 + Int(generator.next() % 8))
                lines.append("\(chrom)\t\(pos)\tgridss\(n)b\tG\tG\(inserted).\t\(generator.next() % 2000)\t\(filter)\tSVTYPE=BND;BEALN=2:1000|+|50M|60;PURPLE_AF=0.2\t\(format)")
                written += 1
            }
        }
        text += lines.joined(separator: "\n") + "\n"
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }

    /// Generates a file of `records` lines and reads it `repetitions` times.
    public static func run(records: Int, repetitions: Int = 5, liftover: Liftover? = nil, build: GenomeBuild? = nil) throws -> Result {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fusionboard-bench-\(ProcessInfo.processInfo.processIdentifier)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("bench.vcf").path
        try writeVCF(records: records, to: path)
        var options = InputOptions()
        options.liftover = liftover
        options.build = build
        var seconds: [Double] = [], cpu: [Double] = []
        var last: CallSet?
        func threadCPU() -> Double {
            var t = timespec()
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
            return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
        }
        for _ in 0..<max(1, repetitions) {
            let start = DispatchTime.now().uptimeNanoseconds
            let cpuStart = threadCPU()
            last = try InputReader.read(path, options: options)
            cpu.append(threadCPU() - cpuStart)
            seconds.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        return Result(
            records: last?.statistics.recordsRead ?? 0, bytes: size, junctions: last?.junctions.count ?? 0, events: last?.events.count ?? 0,
            seconds: seconds, cpuSeconds: cpu)
    }
}

/// A small deterministic generator (SplitMix64) so the benchmark file is the same on every machine.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
