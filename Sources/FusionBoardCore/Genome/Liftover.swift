/// Maps positions between assemblies with a UCSC chain file (`hg19ToHg38.over.chain.gz`).
///
/// Each chain is a series of ungapped aligned blocks; a position maps when it falls inside a
/// block of a chain whose target is a primary chromosome. When several chains cover a position,
/// the highest-scoring one wins (chains are tried in score order), as UCSC liftOver does for
/// single bases.
public struct Liftover: Sendable {
    /// An ungapped aligned block: `[sourceStart, sourceStart+length)` ↦ `[targetStart, …)`, 0-based.
    struct Block: Sendable {
        var sourceStart: Int
        var length: Int
        var targetStart: Int
        var targetChromosome: String
        /// True when the target strand is `-` (the target coordinate counts from the end).
        var reverse: Bool
        var targetSize: Int
        var score: Int
    }

    /// Blocks per canonical source chromosome, sorted by start.
    private var blocks: [String: [Block]]
    /// Per chromosome, `reach[i]` = the largest block end among blocks `0...i`: a backwards scan for blocks
    /// containing a position can stop as soon as no earlier block reaches it, however long the blocks are.
    private var reach: [String: [Int]]
    /// A short label for provenance (file name or KB source).
    public let origin: String

    /// Number of aligned blocks loaded.
    public var blockCount: Int { blocks.values.reduce(0) { $0 + $1.count } }

    /// All blocks with their source chromosome, for storing in the knowledge base.
    var allBlocks: [(String, Block)] {
        blocks.keys.sorted().flatMap { chrom in blocks[chrom]!.map { (chrom, $0) } }
    }

    /// Rebuilds a mapping from stored blocks.
    init(blocks list: [(String, Block)], origin: String) {
        var result: [String: [Block]] = [:]
        for (chrom, block) in list { result[chrom, default: []].append(block) }
        for key in result.keys { result[key]!.sort { ($0.sourceStart, -$0.score) < ($1.sourceStart, -$1.score) } }
        self.blocks = result
        self.reach = Self.reach(result)
        self.origin = origin
    }

    static func reach(_ blocks: [String: [Block]]) -> [String: [Int]] {
        blocks.mapValues { list in
            var running = Int.min
            return list.map { block in
                running = max(running, block.sourceStart + block.length)
                return running
            }
        }
    }

    /// Parses a chain file (plain or gzip).
    public init(chainFile path: String) throws {
        var result: [String: [Block]] = [:]
        var current: (source: String?, target: String?, sourcePos: Int, targetPos: Int, reverse: Bool, targetSize: Int, score: Int)?
        // Each chain's blocks and gaps must add up to the span its header gives (tEnd, qEnd): a cut, repeated or
        // damaged block line is refused rather than shifting every later block.
        var expectedEnd: (source: Int, target: Int, line: Int)?
        func checkChainEnd(_ line: Int) throws {
            guard let end = expectedEnd, let chain = current else { return }
            if chain.sourcePos != end.source || chain.targetPos != end.target {
                throw InputError(
                    file: path, line: line,
                    "the chain from line \(end.line) does not add up: its blocks end at \(chain.sourcePos) / \(chain.targetPos), its header says \(end.source) / \(end.target); the file is cut short or damaged — re-download it")
            }
        }
        var lastLine = 0
        try LineReader(path: path).forEachLine { line, number in
            lastLine = number
            if line.isEmpty { return }
            if Bytes.hasPrefix(line, "chain") {
                try checkChainEnd(number)
                let fields = Bytes.string(line).split(separator: " ")
                let positions = InputLimits.maximumPosition
                guard fields.count >= 12, let score = Int(fields[1]), let tStart = Int(fields[5]),
                    let qSize = Int(fields[8]), let qStart = Int(fields[10]),
                    (0...positions).contains(tStart), (0...positions).contains(qSize), (0...positions).contains(qStart)
                else {
                    throw InputError(
                        file: path, line: number,
                        "malformed chain header; expected the UCSC chain format 'chain score tName tSize tStrand tStart tEnd qName qSize qStrand qStart qEnd id' with positions 0–\(CallSetBuilder.grouped(InputLimits.maximumPosition))")
                }
                let reverse = fields[9] == "-"
                current = (Chromosome.canonical(String(fields[2])), Chromosome.canonical(String(fields[7])), tStart, qStart, reverse, qSize, score)
                guard let tEnd = Int(fields[6]), let qEnd = Int(fields[11]), tEnd >= tStart, qEnd >= qStart, tEnd <= positions, qEnd <= positions else {
                    throw InputError(file: path, line: number, "malformed chain header: tEnd and qEnd must be positions at or after tStart and qStart")
                }
                expectedEnd = (tEnd, qEnd, number)
                return
            }
            guard var chain = current else {
                throw InputError(file: path, line: number, "alignment data before any chain header; expected the UCSC chain format")
            }
            // "size dt dq" (the last block of a chain: "size"), whole numbers separated by tabs or spaces, each at most
            // 2^31 so that the running positions cannot overflow.
            var numbers: [Int] = []
            var value = 0
            var inNumber = false
            var malformed = false
            for b in line {
                if b >= 48 && b <= 57 {
                    value = value * 10 + Int(b - 48)
                    inNumber = true
                    if value > InputLimits.maximumPosition {
                        malformed = true
                        break
                    }
                } else if b == 9 || b == 32 {
                    if inNumber { numbers.append(value) }
                    value = 0
                    inNumber = false
                } else {
                    malformed = true
                    break
                }
            }
            if inNumber && !malformed { numbers.append(value) }
            guard !malformed, numbers.count == 1 || numbers.count == 3, let size = numbers.first else {
                throw InputError(
                    file: path, line: number,
                    "malformed chain block '\(Bytes.string(line).prefix(40))'; expected 'size dt dq' (or 'size' ending a chain), whole numbers up to \(CallSetBuilder.grouped(InputLimits.maximumPosition))")
            }
            if let source = chain.source, let target = chain.target {
                result[source, default: []].append(
                    Block(sourceStart: chain.sourcePos, length: size, targetStart: chain.targetPos, targetChromosome: target,
                        reverse: chain.reverse, targetSize: chain.targetSize, score: chain.score))
            }
            chain.sourcePos += size
            chain.targetPos += size
            if numbers.count >= 3 {
                chain.sourcePos += numbers[1]
                chain.targetPos += numbers[2]
            }
            current = chain
        }
        try checkChainEnd(lastLine + 1)
        for key in result.keys { result[key]!.sort { ($0.sourceStart, -$0.score) < ($1.sourceStart, -$1.score) } }
        self.blocks = result
        self.reach = Self.reach(result)
        self.origin = path
    }

    /// Maps a 1-based position, or returns nil when it falls in a gap or off the primary assembly.
    /// The strand flag tells whether the mapping reverses orientation (kept sides flip then).
    ///
    /// Where chains overlap (duplicated regions), the highest-scoring chain containing the position wins.
    /// The mitochondrial genome has no chain (GRCh37 `MT` and GRCh38 `chrM` are both the rCRS) and maps to itself.
    public func map(_ position: GenomicPosition) -> (position: GenomicPosition, reversed: Bool)? {
        guard let list = blocks[position.chromosome], let reaches = reach[position.chromosome] else {
            return position.chromosome == "MT" ? (position, false) : nil
        }
        let zeroBased = position.position - 1
        // Binary search for the last block starting at or before the position.
        var low = 0, high = list.count
        while low < high {
            let mid = (low + high) / 2
            if list[mid].sourceStart <= zeroBased { low = mid + 1 } else { high = mid }
        }
        // Scan back while some earlier block still reaches past the position; keep the best-scoring container.
        var best: Block?
        var index = low - 1
        while index >= 0 && reaches[index] > zeroBased {
            let block = list[index]
            if zeroBased < block.sourceStart + block.length, best == nil || block.score > best!.score { best = block }
            index -= 1
        }
        guard let block = best else { return nil }
        let offset = zeroBased - block.sourceStart
        var target = block.targetStart + offset
        if block.reverse { target = block.targetSize - 1 - target }
        return (GenomicPosition(chromosome: block.targetChromosome, position: target + 1), block.reverse)
    }
}
