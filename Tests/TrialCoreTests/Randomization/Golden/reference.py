"""Independent reference implementation of TrialDesk's randomization (docs/randomization.md), in plain Python 3.

Regenerates the golden files beside it:  python3 reference.py
The Swift tests compare TrialCore's output with these files, so a mismatch means the code and the
specification disagree.
"""
import hashlib

MASK = (1 << 64) - 1


def rotl(x, k):
    return ((x << k) | (x >> (64 - k))) & MASK


class Xoshiro256StarStar:
    def __init__(self, state_bytes):
        assert len(state_bytes) == 32 and any(state_bytes)
        self.s = [int.from_bytes(state_bytes[8 * i:8 * i + 8], "big") for i in range(4)]

    def next(self):
        s = self.s
        result = (rotl((s[1] * 5) & MASK, 7) * 9) & MASK
        t = (s[1] << 17) & MASK
        s[2] ^= s[0]
        s[3] ^= s[1]
        s[1] ^= s[2]
        s[0] ^= s[3]
        s[2] ^= t
        s[3] = rotl(s[3], 45)
        return result

    def uniform_int(self, n):
        reject_below = (1 << 64) % n
        while True:
            x = self.next()
            if x >= reject_below:
                return x % n

    def unit_double(self):
        return (self.next() >> 11) * 2.0 ** -53


def stream(seed, label):
    digest = hashlib.sha256(seed + label.encode("utf-8")).digest()
    while not any(digest):
        digest = hashlib.sha256(digest).digest()
    return Xoshiro256StarStar(digest)


def reduced(weights):
    from math import gcd
    from functools import reduce
    g = reduce(gcd, weights)
    return [w // g for w in weights]


def block_list(seed, stratum, arms, weights, block_sizes, length):
    """Rows (stratum, slot, block, block_size, position, arm) of one stratum's list."""
    weights = reduced(weights)
    total = sum(weights)
    sizes = sorted(block_sizes)
    g = stream(seed, "permuted-blocks/stratum/" + stratum)
    rows, block_number = [], 0
    while len(rows) < length:
        size = sizes[g.uniform_int(len(sizes))]
        block = [a for a, w in enumerate(weights) for _ in range(size // total * w)]
        for i in range(size - 1, 0, -1):
            j = g.uniform_int(i + 1)
            block[i], block[j] = block[j], block[i]
        block_number += 1
        for position, a in enumerate(block):
            rows.append((stratum, len(rows) + 1, block_number, size, position + 1, arms[a]))
    return rows


def imbalance(values, measure):
    if measure == "range":
        return max(values) - min(values)
    mean = sum(values) / len(values)
    return sum((v - mean) ** 2 for v in values) / (len(values) - 1)


def minimization(seed, arms, weights, factors, measure, p, patients):
    """factors: list of (name, levels, weight); patients: list of level lists. Yields one row per allocation."""
    divisors = reduced(weights)
    counts = {}  # (factor index, level) -> [count per arm]
    g = stream(seed, "minimization/allocations")
    k = len(arms)
    for number, levels in enumerate(patients, start=1):
        u1, u2 = g.unit_double(), g.unit_double()
        totals = []
        for a in range(k):
            total = 0.0
            for f, (name, _, weight) in enumerate(factors):
                n = counts.get((f, levels[f]), [0] * k)
                adjusted = [(n[b] + (1 if b == a else 0)) / divisors[b] for b in range(k)]
                total += weight * imbalance(adjusted, measure)
            totals.append(total)
        smallest = min(totals)
        tolerance = 1e-9 * max(1.0, abs(smallest))
        candidates = [a for a in range(k) if totals[a] <= smallest + tolerance]
        preferred = candidates[min(int(u1 * len(candidates)), len(candidates) - 1)]
        if u2 < p:
            assigned = preferred
        else:
            others = [a for a in range(k) if a != preferred]
            assigned = others[min(int((u2 - p) / (1 - p) * (k - 1)), k - 2)]
        for f in range(len(factors)):
            counts.setdefault((f, levels[f]), [0] * k)[assigned] += 1
        yield (number, levels, totals, [arms[c] for c in candidates], u1, arms[preferred], u2, arms[assigned])


GOLDEN_SEED = bytes(range(32))  # 000102...1f


def main():
    with open("permuted-blocks-1to1-4-6.csv", "w") as out:
        out.write("stratum,slot,block,block_size,position,arm\n")
        for stratum in ["ecog=0;lesions=6-7", "ecog=0;lesions=8-10", "ecog=1;lesions=6-7", "ecog=1;lesions=8-10"]:
            for row in block_list(GOLDEN_SEED, stratum, ["SEED+ST", "ST"], [1, 1], [4, 6], 40):
                out.write(",".join(str(v) for v in row) + "\n")
    with open("permuted-blocks-2to1-3-6-9.csv", "w") as out:
        out.write("stratum,slot,block,block_size,position,arm\n")
        for row in block_list(GOLDEN_SEED, "all", ["E", "C"], [2, 1], [3, 6, 9], 60):
            out.write(",".join(str(v) for v in row) + "\n")
    factors = [("sex", ["F", "M"], 1.0), ("ecog", ["0", "1"], 2.0), ("site", ["lung", "liver", "bone"], 0.5)]
    patient_gen = stream(GOLDEN_SEED, "golden/patients")
    patients = [[levels[patient_gen.uniform_int(len(levels))] for (_, levels, _) in factors] for _ in range(40)]
    with open("minimization-range-p08.csv", "w") as out:
        out.write("allocation,sex,ecog,site,total_A,total_B,candidates,u1,preferred,u2,assigned\n")
        for (number, levels, totals, candidates, u1, preferred, u2, assigned) in minimization(
                GOLDEN_SEED, ["A", "B"], [1, 1], factors, "range", 0.8, patients):
            out.write(",".join([str(number)] + levels + [repr(t) for t in totals]
                               + ["|".join(candidates), repr(u1), preferred, repr(u2), assigned]) + "\n")
    # Test vectors printed for docs/randomization.md.
    g = Xoshiro256StarStar(GOLDEN_SEED)
    print("root words", [hex(g.next()) for _ in range(4)])
    g = stream(GOLDEN_SEED, "permuted-blocks/stratum/all")
    print("stream words", [hex(g.next()) for _ in range(2)])
    g = Xoshiro256StarStar(GOLDEN_SEED)
    print("uniform_int(6)", [g.uniform_int(6) for _ in range(8)])
    print("unit_double", [repr(g.unit_double()) for _ in range(3)])
    g = Xoshiro256StarStar(bytes.fromhex("0000000000000001" "0000000000000002" "0000000000000003" "0000000000000004"))
    print("state 1,2,3,4", [g.next() for _ in range(6)])
    print("sha256(abc)", hashlib.sha256(b"abc").hexdigest())


if __name__ == "__main__":
    main()
