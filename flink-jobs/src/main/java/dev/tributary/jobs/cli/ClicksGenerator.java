package dev.tributary.jobs.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.zone.ZoneRules;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;

/**
 * A deterministic, seeded stream of ad impressions on a shopping site, each labelled with whether
 * it was clicked: the shape of a click-through-rate problem, for the {@code examples/clicks.yaml}
 * job, since no real click log can be bundled. The same seed gives the same stream, byte for byte,
 * on any JVM (the arithmetic uses {@link StrictMath}).
 *
 * <p>The world: {@value #USERS} users and {@value #ITEMS} items, each drawn by a Zipf law (exponent
 * {@value #USER_ZIPF} and {@value #ITEM_ZIPF}), so that a few are very active and most are rarely
 * seen. Each item has one of twelve categories and a price, log-normal around its category's
 * median. Each user has a home country (eight, DE most common) and a device habit (most users are
 * mostly on mobile). Impressions arrive from 2024-01-08 (a Monday), Europe/Berlin time, at a rate
 * that follows the day: lowest at 4:00, highest at 20:00 and 21:00, about 21,000 a day.
 *
 * <p>Each impression is one JSON object: {@code id} ({@code imp-<n>}), {@code ts} (epoch
 * milliseconds), {@code user}, {@code item}, {@code category}, {@code price} (absent for 5%: the
 * price service timed out; in cents instead of euros for 0.5%: a partner feed's bug), {@code
 * mobile} ({@code true} / {@code false}), {@code query} (the search that showed the ad, 1 to 4
 * words, empty for the 35% of impressions that came from browsing), {@code country} (absent for 1%:
 * no geo lookup; an unknown code such as {@code ZZ} for 0.1%, which a job with an {@code allowed}
 * list rejects) and {@code clicked} (0 or 1).
 *
 * <p>The ground truth: {@code clicked} is drawn from {@code P = sigmoid(z)} with
 *
 * <pre>
 * z = -4.0                                        base: a CTR of about 4% (3.5 to 5% by seed)
 *   + user bias + item bias                       each N(0, 0.5), fixed per user and item
 *   + category effect                             fashion +0.2 ... computers -0.25
 *   + device x category                           mobile: -0.15, and fashion +0.35, beauty +0.3,
 *                                                 games +0.25, shoes +0.2, computers -0.45,
 *                                                 electronics -0.2, home -0.15
 *   - 0.7 ln(true price / category median)        dearer than usual: fewer clicks
 *   - 0.4 if the price is not shown               (the cents bug does not change what users see)
 *   + 0.6 cos(2 pi (local hour - 21) / 24)        evening browsing clicks more
 *   + 0.3 on Saturday and Sunday
 *   + country effect                              US +0.15, GB +0.1, NL +0.05, DE 0, ES -0.05,
 *                                                 FR -0.1, IT -0.1, PL -0.2; absent or unknown 0
 *   + query: relevant +0.7, irrelevant -0.3       70% of searches are for the item's category
 *   + intent word                                 buy +0.5, cheap +0.3, best +0.3, "on sale" +0.6,
 *                                                 "for sale" -0.1, used -0.2, free -0.5, review -0.6
 * </pre>
 *
 * Most of it a linear model over the example job's features can learn: ids, category and the device
 * cross, log price and its missing indicator, the hour and the day of week, country, the query's
 * words and bigrams ("on sale" against "for sale"). Relevance it cannot, since it depends on the
 * query and the category together, and text is not crossed. The ground truth itself ranks the first
 * 200,000 impressions of seed 7 with an AUC of 0.773 (0.754 without relevance, 0.724 without the
 * ids); {@link Click#probability} lets a test measure how far from it a model is.
 */
public final class ClicksGenerator {

    static final int USERS = 20_000;
    static final int ITEMS = 3_000;
    static final double USER_ZIPF = 0.8;
    static final double ITEM_ZIPF = 0.9;

    /** The zone of the site's users: the local hour and the day of week are taken in it. */
    static final ZoneId ZONE = ZoneId.of("Europe/Berlin");

    /** The first impression's time: Monday 2024-01-08, 00:00 in {@link #ZONE}. */
    static final long START_MILLIS =
            LocalDateTime.of(2024, 1, 8, 0, 0).atZone(ZONE).toInstant().toEpochMilli();

    static final double BASE = -4.0;
    static final double BIAS_SD = 0.5;
    static final double PRICE_SLOPE = -0.7;
    static final double PRICE_NOT_SHOWN = -0.4;
    static final double HOUR_AMPLITUDE = 0.6;
    static final double PEAK_HOUR = 21;
    static final double WEEKEND = 0.3;
    static final double MOBILE = -0.15;
    static final double RELEVANT = 0.7;
    static final double IRRELEVANT = -0.3;

    static final double PRICE_MISSING_RATE = 0.05;
    static final double PRICE_IN_CENTS_RATE = 0.005;
    static final double BROWSE_RATE = 0.35;
    static final double RELEVANT_RATE = 0.7;
    static final double INTENT_RATE = 0.3;
    static final double COUNTRY_MISSING_RATE = 0.01;
    static final double COUNTRY_UNKNOWN_RATE = 0.001;

    /** Impressions per hour at the busiest hours; other hours are a share of it. */
    private static final double PEAK_PER_HOUR = 1500;

    /** The share of the peak rate at each local hour, 0 to 23. */
    private static final double[] TRAFFIC = {
        0.35, 0.2, 0.12, 0.08, 0.07, 0.1, 0.2, 0.4, 0.55, 0.65, 0.7, 0.75, 0.85, 0.8, 0.75, 0.75,
        0.8, 0.85, 0.9, 0.95, 1.0, 1.0, 0.85, 0.6
    };

    private static final double MAX_PRICE = 9_999;
    private static final long DAY_MILLIS = 86_400_000L;
    private static final double HOUR_MILLIS = 3_600_000.0;

    /** A category: its name, median price, CTR effect, effect on mobile, and search words. */
    private record Category(
            String name,
            double medianPrice,
            double effect,
            double mobileEffect,
            double itemShare,
            String[] words) {}

    private static final Category[] CATEGORIES = {
        new Category(
                "electronics",
                120,
                0,
                -0.2,
                0.12,
                new String[] {"headphones", "speaker", "charger", "cable", "camera", "tv"}),
        new Category(
                "computers",
                600,
                -0.25,
                -0.45,
                0.07,
                new String[] {"laptop", "monitor", "keyboard", "mouse", "ssd"}),
        new Category(
                "phones",
                400,
                0,
                0,
                0.08,
                new String[] {"phone", "iPhone", "android", "case", "smartphone"}),
        new Category(
                "fashion",
                35,
                0.2,
                0.35,
                0.14,
                new String[] {"dress", "jacket", "jeans", "shirt", "coat"}),
        new Category(
                "shoes",
                70,
                0,
                0.2,
                0.08,
                new String[] {"sneakers", "boots", "running", "shoes", "Nike"}),
        new Category(
                "beauty",
                18,
                0.15,
                0.3,
                0.07,
                new String[] {"lipstick", "perfume", "cream", "shampoo", "mascara"}),
        new Category(
                "home",
                45,
                0,
                -0.15,
                0.1,
                new String[] {"lamp", "pillow", "blanket", "curtain", "rug"}),
        new Category(
                "garden",
                30,
                -0.2,
                0,
                0.05,
                new String[] {"hose", "plants", "seeds", "grill", "mower"}),
        new Category(
                "toys",
                25,
                0.1,
                0,
                0.07,
                new String[] {"LEGO", "puzzle", "doll", "blocks", "kids"}),
        new Category(
                "games",
                50,
                0.1,
                0.25,
                0.06,
                new String[] {"console", "controller", "game", "PlayStation", "switch"}),
        new Category(
                "books",
                14,
                -0.1,
                0,
                0.09,
                new String[] {"novel", "cookbook", "paperback", "thriller", "book"}),
        new Category(
                "sports",
                40,
                0,
                0,
                0.07,
                new String[] {"yoga", "dumbbells", "bike", "tent", "football"}),
    };

    private static final String[] COUNTRIES = {"DE", "FR", "GB", "US", "ES", "IT", "NL", "PL"};
    private static final double[] COUNTRY_SHARES = {0.28, 0.18, 0.16, 0.12, 0.09, 0.08, 0.05, 0.04};
    private static final double[] COUNTRY_EFFECTS = {0, -0.1, 0.1, 0.15, -0.05, -0.1, 0.05, -0.2};
    private static final String[] UNKNOWN_COUNTRIES = {"ZZ", "XX", "EU", "A1"};

    /** Words of intent, placed before the category words or after them, with their effect. */
    private record Intent(String words, boolean before, double effect) {}

    private static final Intent[] INTENTS = {
        new Intent("buy", true, 0.5),
        new Intent("cheap", true, 0.3),
        new Intent("best", true, 0.3),
        new Intent("used", true, -0.2),
        new Intent("free", true, -0.5),
        new Intent("review", false, -0.6),
        new Intent("on sale", false, 0.6),
        new Intent("for sale", false, -0.1),
    };

    /**
     * One impression.
     *
     * @param price the price shown, {@code NaN} when none was
     * @param query the search words, empty for an impression from browsing
     * @param country the country code, {@code null} when unknown
     * @param probability the ground-truth click probability the label was drawn from
     */
    public record Click(
            String id,
            long timeMillis,
            String user,
            String item,
            String category,
            double price,
            boolean mobile,
            String query,
            String country,
            boolean clicked,
            double probability) {

        /** The impression as one line of JSON, without its ground-truth probability. */
        public String toJson() {
            StringBuilder json = new StringBuilder(192);
            json.append("{\"id\":\"").append(id).append("\",\"ts\":").append(timeMillis);
            json.append(",\"user\":\"").append(user).append("\",\"item\":\"").append(item);
            json.append("\",\"category\":\"").append(category).append('"');
            if (!Double.isNaN(price)) {
                json.append(",\"price\":").append(String.format(Locale.ROOT, "%.2f", price));
            }
            json.append(",\"mobile\":").append(mobile);
            json.append(",\"query\":\"").append(query).append('"');
            if (country != null) {
                json.append(",\"country\":\"").append(country).append('"');
            }
            json.append(",\"clicked\":").append(clicked ? 1 : 0).append('}');
            return json.toString();
        }
    }

    private final SplittableRandom random;
    private final ZoneRules zoneRules = ZONE.getRules();
    private final double[] userCdf;
    private final double[] itemCdf;
    private final int[] userIds;
    private final int[] itemIds;
    private final double[] userBias;
    private final int[] userCountry;
    private final double[] userMobile;
    private final double[] itemBias;
    private final int[] itemCategory;
    private final double[] itemPrice;
    private double elapsedMillis;
    private long count;

    public ClicksGenerator(long seed) {
        random = new SplittableRandom(seed);
        userCdf = zipfCdf(USERS, USER_ZIPF);
        itemCdf = zipfCdf(ITEMS, ITEM_ZIPF);
        userIds = permutation(USERS);
        itemIds = permutation(ITEMS);
        userBias = new double[USERS];
        userCountry = new int[USERS];
        userMobile = new double[USERS];
        for (int u = 0; u < USERS; u++) {
            userBias[u] = BIAS_SD * gaussian();
            userCountry[u] = pick(COUNTRY_SHARES);
            // Most users are mostly on their phone, some mostly at a desk.
            userMobile[u] = random.nextDouble() < 0.65 ? 0.85 : 0.25;
        }
        double[] categoryShares = new double[CATEGORIES.length];
        for (int c = 0; c < CATEGORIES.length; c++) {
            categoryShares[c] = CATEGORIES[c].itemShare();
        }
        itemBias = new double[ITEMS];
        itemCategory = new int[ITEMS];
        itemPrice = new double[ITEMS];
        for (int i = 0; i < ITEMS; i++) {
            itemBias[i] = BIAS_SD * gaussian();
            itemCategory[i] = pick(categoryShares);
            double price =
                    CATEGORIES[itemCategory[i]].medianPrice() * StrictMath.exp(0.7 * gaussian());
            itemPrice[i] = Math.min(MAX_PRICE, Math.max(0.99, Math.round(price * 100) / 100.0));
        }
    }

    /** The next impression; the stream never ends. */
    public Click next() {
        long time = START_MILLIS + advance();
        long local =
                time + zoneRules.getOffset(Instant.ofEpochMilli(time)).getTotalSeconds() * 1000L;
        double hour = Math.floorMod(local, DAY_MILLIS) / HOUR_MILLIS;
        // 1970-01-01 was a Thursday, day 4 of the ISO week.
        int dayOfWeek = (int) Math.floorMod(Math.floorDiv(local, DAY_MILLIS) + 3, 7) + 1;

        int u = sample(userCdf);
        int i = sample(itemCdf);
        Category category = CATEGORIES[itemCategory[i]];
        boolean mobile = random.nextDouble() < userMobile[u];
        double z = BASE + userBias[u] + itemBias[i] + category.effect();
        if (mobile) {
            z += MOBILE + category.mobileEffect();
        }

        double price = itemPrice[i];
        double shown = price;
        if (random.nextDouble() < PRICE_MISSING_RATE) {
            shown = Double.NaN;
            z += PRICE_NOT_SHOWN;
        } else {
            z += PRICE_SLOPE * StrictMath.log(price / category.medianPrice());
            if (random.nextDouble() < PRICE_IN_CENTS_RATE) {
                shown = Math.round(price * 100);
            }
        }

        z += HOUR_AMPLITUDE * StrictMath.cos(2 * Math.PI * (hour - PEAK_HOUR) / 24);
        if (dayOfWeek >= 6) {
            z += WEEKEND;
        }

        String country = null;
        double c = random.nextDouble();
        if (c < COUNTRY_UNKNOWN_RATE) {
            country = UNKNOWN_COUNTRIES[random.nextInt(UNKNOWN_COUNTRIES.length)];
        } else if (c >= COUNTRY_UNKNOWN_RATE + COUNTRY_MISSING_RATE) {
            country = COUNTRIES[userCountry[u]];
            z += COUNTRY_EFFECTS[userCountry[u]];
        }

        String query = "";
        if (random.nextDouble() >= BROWSE_RATE) {
            boolean relevant = random.nextDouble() < RELEVANT_RATE;
            Category searched = relevant ? category : CATEGORIES[random.nextInt(CATEGORIES.length)];
            if (searched != category) {
                z += IRRELEVANT;
            } else {
                z += RELEVANT;
            }
            String[] words = searched.words();
            String first = words[random.nextInt(words.length)];
            query =
                    random.nextDouble() < 0.4
                            ? first + " " + words[random.nextInt(words.length)]
                            : first;
            if (random.nextDouble() < INTENT_RATE) {
                Intent intent = INTENTS[random.nextInt(INTENTS.length)];
                query =
                        intent.before()
                                ? intent.words() + " " + query
                                : query + " " + intent.words();
                z += intent.effect();
            }
        }

        double probability = 1 / (1 + StrictMath.exp(-z));
        boolean clicked = random.nextDouble() < probability;
        count++;
        return new Click(
                String.format(Locale.ROOT, "imp-%09d", count),
                time,
                "u" + userIds[u],
                "i" + itemIds[i],
                category.name(),
                shown,
                mobile,
                query,
                country,
                clicked,
                probability);
    }

    /**
     * Writes {@code events} impressions of the stream of {@code seed} as JSON Lines, gzipped when
     * the file name ends in {@code .gz}; creates the parent folders.
     *
     * @return how many impressions and clicks were written, and the time they span
     */
    public static Written write(Path file, long events, long seed) throws IOException {
        if (events < 1) {
            throw new IllegalArgumentException("events must be >= 1, was " + events);
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        ClicksGenerator generator = new ClicksGenerator(seed);
        long clicks = 0;
        long first = 0;
        long last = 0;
        try (OutputStream raw = Files.newOutputStream(file);
                OutputStream out =
                        file.getFileName().toString().endsWith(".gz")
                                ? new GZIPOutputStream(raw, 1 << 16)
                                : raw;
                Writer writer =
                        new BufferedWriter(
                                new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16)) {
            for (long n = 0; n < events; n++) {
                Click click = generator.next();
                if (n == 0) {
                    first = click.timeMillis();
                }
                last = click.timeMillis();
                clicks += click.clicked() ? 1 : 0;
                writer.write(click.toJson());
                writer.write('\n');
            }
        }
        return new Written(events, clicks, first, last);
    }

    /** What {@link #write} wrote: impressions, clicks among them, first and last event time. */
    public record Written(long events, long clicks, long firstMillis, long lastMillis) {

        public double clickThroughRate() {
            return (double) clicks / events;
        }
    }

    /** Advances the clock by one arrival at the rate of the current local hour; returns it. */
    private long advance() {
        if (count > 0) {
            long now = START_MILLIS + Math.round(elapsedMillis);
            long local =
                    now + zoneRules.getOffset(Instant.ofEpochMilli(now)).getTotalSeconds() * 1000L;
            int hour = (int) (Math.floorMod(local, DAY_MILLIS) / 3_600_000L);
            double perMilli = PEAK_PER_HOUR * TRAFFIC[hour] / HOUR_MILLIS;
            elapsedMillis += -StrictMath.log(1 - random.nextDouble()) / perMilli;
        }
        return Math.round(elapsedMillis);
    }

    private static double[] zipfCdf(int n, double exponent) {
        double[] cdf = new double[n];
        double sum = 0;
        for (int k = 0; k < n; k++) {
            sum += 1 / StrictMath.pow(k + 1, exponent);
            cdf[k] = sum;
        }
        for (int k = 0; k < n; k++) {
            cdf[k] /= sum;
        }
        cdf[n - 1] = 1.0;
        return cdf;
    }

    /** A Zipf-distributed rank, 0 the most frequent. */
    private int sample(double[] cdf) {
        double u = random.nextDouble();
        int lo = 0;
        int hi = cdf.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cdf[mid] <= u) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Shuffled ids, so that an id says nothing of its popularity. */
    private int[] permutation(int n) {
        int[] ids = new int[n];
        for (int k = 0; k < n; k++) {
            ids[k] = k + 1;
        }
        for (int k = n - 1; k > 0; k--) {
            int j = random.nextInt(k + 1);
            int t = ids[k];
            ids[k] = ids[j];
            ids[j] = t;
        }
        return ids;
    }

    private int pick(double[] shares) {
        double u = random.nextDouble();
        double sum = 0;
        for (int k = 0; k < shares.length - 1; k++) {
            sum += shares[k];
            if (u < sum) {
                return k;
            }
        }
        return shares.length - 1;
    }

    /** A standard normal draw (Box-Muller), from this generator's own stream. */
    private double gaussian() {
        double u1 = 1 - random.nextDouble();
        double u2 = random.nextDouble();
        return StrictMath.sqrt(-2 * StrictMath.log(u1)) * StrictMath.cos(2 * Math.PI * u2);
    }
}
