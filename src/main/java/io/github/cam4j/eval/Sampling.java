package io.github.cam4j.eval;

import java.util.SplittableRandom;

/** Which test digits an evaluation looks at: a seeded random sample, so a small one still covers every class. */
public final class Sampling {
    private Sampling() {}

    /**
     * @param count digits in the test set
     * @param limit how many to take; 0 or at least {@code count}: all of them
     * @param seed the seed
     * @return distinct indices in a seeded random order (a Fisher-Yates shuffle's first {@code limit})
     * @throws IllegalArgumentException when {@code count} or {@code limit} is negative
     */
    public static int[] sample(int count, int limit, long seed) {
        if (count < 0) {
            throw new IllegalArgumentException("count is " + count + ": the number of test digits, 0 or more");
        }
        if (limit < 0) {
            // It took every digit, as 0 does: a caller's sign slip (or an overflowed int) became the whole test set.
            throw new IllegalArgumentException("limit is " + limit + ": how many digits to take, 0 (all of them) or"
                    + " more");
        }
        int[] all = new int[count];
        for (int i = 0; i < count; i++) {
            all[i] = i;
        }
        int n = limit == 0 || limit >= count ? count : limit;
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = 0; i < n; i++) {
            int j = i + rng.nextInt(count - i);
            int t = all[i];
            all[i] = all[j];
            all[j] = t;
        }
        return java.util.Arrays.copyOf(all, n);
    }
}
