/* numeric.c - exp, log, erfc, the normal quantile and powers of ten from
 * IEEE 754 basic operations only (numeric.h says why).
 *
 * Every operation here is a double +, -, *, / or sqrt, a comparison, fabs,
 * an exact conversion between an int and a double, or a change of
 * exponent made on the bits: each is exact or correctly rounded (round to
 * nearest), so the results depend on this source alone. num_pow10 also
 * trusts strtod, a correctly rounded conversion.
 *
 * The file relies on -ffp-contract=off: a * b + c contracted into a fused
 * multiply-add rounds once where the source rounds twice, and machines
 * with FMA would then disagree with machines without. The pragmas below
 * ask for it too; tests/unit/test_numeric.c checks the bits.
 *
 * The accuracy (within 0.52 to 0.55 ulp of the exact value throughout)
 * comes from reducing arguments so that the polynomials are short and
 * from carrying what must not be rounded in two doubles: table values with
 * their rounding errors, squares with their exact error terms, rational
 * functions evaluated to about 106 bits.
 */
#include "numeric.h"

#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* No contraction even where the build forgets -ffp-contract=off (gcc
   contracts by default outside -std=c11): clang obeys the standard pragma
   (unless given -ffp-contract=fast), gcc only its own. */
#if defined(__clang__)
#pragma STDC FP_CONTRACT OFF
#elif defined(__GNUC__)
#pragma GCC optimize("fp-contract=off")
#endif
/* Double operations must be evaluated in double: FLT_EVAL_METHOD 0 or 1,
   or one of TS 18661-3's values that only widen narrower types (gcc says
   16 where the machine has _Float16). Not 2 (x87: -msse2 -mfpmath=sse). */
#if !defined(FLT_EVAL_METHOD) || !(FLT_EVAL_METHOD == 0 || FLT_EVAL_METHOD == 1 \
    || FLT_EVAL_METHOD == 16 || FLT_EVAL_METHOD == 32 || FLT_EVAL_METHOD == 33 \
    || FLT_EVAL_METHOD == 64)
#error "numeric.c needs double operations evaluated in double"
#endif
#if defined(__FAST_MATH__) || (defined(__FINITE_MATH_ONLY__) && __FINITE_MATH_ONLY__)
#error "numeric.c needs IEEE 754 semantics (no -ffast-math)"
#endif
#if DBL_MANT_DIG != 53 || DBL_MAX_EXP != 1024 || FLT_RADIX != 2
#error "numeric.c needs IEEE 754 binary64 doubles"
#endif

/* 2^i for -1022 <= i <= 1023, exactly. */
static double two_pow(int i)
{
    uint64_t bits = (uint64_t)(i + 1023) << 52;
    double d;
    memcpy(&d, &bits, sizeof d);
    return d;
}

/* ---- exp ---------------------------------------------------------------- */

/* 2^(j/64) as a double and the rounding error of that double, so that the
   table adds no error of its own. */
static const double exp_tab[64][2] = {
    {0x1.0000000000000p+0, 0x0.0p+0},
    {0x1.02c9a3e778061p+0, -0x1.19083535b085dp-56},
    {0x1.059b0d3158574p+0, 0x1.d73e2a475b465p-55},
    {0x1.0874518759bc8p+0, 0x1.186be4bb284ffp-57},
    {0x1.0b5586cf9890fp+0, 0x1.8a62e4adc610bp-54},
    {0x1.0e3ec32d3d1a2p+0, 0x1.03a1727c57b53p-59},
    {0x1.11301d0125b51p+0, -0x1.6c51039449b3ap-54},
    {0x1.1429aaea92de0p+0, -0x1.32fbf9af1369ep-54},
    {0x1.172b83c7d517bp+0, -0x1.19041b9d78a76p-55},
    {0x1.1a35beb6fcb75p+0, 0x1.e5b4c7b4968e4p-55},
    {0x1.1d4873168b9aap+0, 0x1.e016e00a2643cp-54},
    {0x1.2063b88628cd6p+0, 0x1.dc775814a8495p-55},
    {0x1.2387a6e756238p+0, 0x1.9b07eb6c70573p-54},
    {0x1.26b4565e27cddp+0, 0x1.2bd339940e9d9p-55},
    {0x1.29e9df51fdee1p+0, 0x1.612e8afad1255p-55},
    {0x1.2d285a6e4030bp+0, 0x1.0024754db41d5p-54},
    {0x1.306fe0a31b715p+0, 0x1.6f46ad23182e4p-55},
    {0x1.33c08b26416ffp+0, 0x1.32721843659a6p-54},
    {0x1.371a7373aa9cbp+0, -0x1.63aeabf42eae2p-54},
    {0x1.3a7db34e59ff7p+0, -0x1.5e436d661f5e3p-56},
    {0x1.3dea64c123422p+0, 0x1.ada0911f09ebcp-55},
    {0x1.4160a21f72e2ap+0, -0x1.ef3691c309278p-58},
    {0x1.44e086061892dp+0, 0x1.89b7a04ef80d0p-59},
    {0x1.486a2b5c13cd0p+0, 0x1.3c1a3b69062f0p-56},
    {0x1.4bfdad5362a27p+0, 0x1.d4397afec42e2p-56},
    {0x1.4f9b2769d2ca7p+0, -0x1.4b309d25957e3p-54},
    {0x1.5342b569d4f82p+0, -0x1.07abe1db13cadp-55},
    {0x1.56f4736b527dap+0, 0x1.9bb2c011d93adp-54},
    {0x1.5ab07dd485429p+0, 0x1.6324c054647adp-54},
    {0x1.5e76f15ad2148p+0, 0x1.ba6f93080e65ep-54},
    {0x1.6247eb03a5585p+0, -0x1.383c17e40b497p-54},
    {0x1.6623882552225p+0, -0x1.bb60987591c34p-54},
    {0x1.6a09e667f3bcdp+0, -0x1.bdd3413b26456p-54},
    {0x1.6dfb23c651a2fp+0, -0x1.bbe3a683c88abp-57},
    {0x1.71f75e8ec5f74p+0, -0x1.16e4786887a99p-55},
    {0x1.75feb564267c9p+0, -0x1.0245957316dd3p-54},
    {0x1.7a11473eb0187p+0, -0x1.41577ee04992fp-55},
    {0x1.7e2f336cf4e62p+0, 0x1.05d02ba15797ep-56},
    {0x1.82589994cce13p+0, -0x1.d4c1dd41532d8p-54},
    {0x1.868d99b4492edp+0, -0x1.fc6f89bd4f6bap-54},
    {0x1.8ace5422aa0dbp+0, 0x1.6e9f156864b27p-54},
    {0x1.8f1ae99157736p+0, 0x1.5cc13a2e3976cp-55},
    {0x1.93737b0cdc5e5p+0, -0x1.75fc781b57ebcp-57},
    {0x1.97d829fde4e50p+0, -0x1.d185b7c1b85d1p-54},
    {0x1.9c49182a3f090p+0, 0x1.c7c46b071f2bep-56},
    {0x1.a0c667b5de565p+0, -0x1.359495d1cd533p-54},
    {0x1.a5503b23e255dp+0, -0x1.d2f6edb8d41e1p-54},
    {0x1.a9e6b5579fdbfp+0, 0x1.0fac90ef7fd31p-54},
    {0x1.ae89f995ad3adp+0, 0x1.7a1cd345dcc81p-54},
    {0x1.b33a2b84f15fbp+0, -0x1.2805e3084d708p-57},
    {0x1.b7f76f2fb5e47p+0, -0x1.5584f7e54ac3bp-56},
    {0x1.bcc1e904bc1d2p+0, 0x1.23dd07a2d9e84p-55},
    {0x1.c199bdd85529cp+0, 0x1.11065895048ddp-55},
    {0x1.c67f12e57d14bp+0, 0x1.2884dff483cadp-54},
    {0x1.cb720dcef9069p+0, 0x1.503cbd1e949dbp-56},
    {0x1.d072d4a07897cp+0, -0x1.cbc3743797a9cp-54},
    {0x1.d5818dcfba487p+0, 0x1.2ed02d75b3707p-55},
    {0x1.da9e603db3285p+0, 0x1.c2300696db532p-54},
    {0x1.dfc97337b9b5fp+0, -0x1.1a5cd4f184b5cp-54},
    {0x1.e502ee78b3ff6p+0, 0x1.39e8980a9cc8fp-55},
    {0x1.ea4afa2a490dap+0, -0x1.e9c23179c2893p-54},
    {0x1.efa1bee615a27p+0, 0x1.dc7f486a4b6b0p-54},
    {0x1.f50765b6e4540p+0, 0x1.9d3e12dd8a18bp-54},
    {0x1.fa7c1819e90d8p+0, 0x1.74853f3a5931ep-55}
};

#define EXP_INV_L 0x1.71547652b82fep+6      /* 64 / ln 2 */
/* ln 2 / 64 in two parts: the first has 36 significant bits, so n times it
   is exact for the |n| < 2^17 that occur. */
#define EXP_L1 0x1.62e42fefa0000p-7
#define EXP_L2 0x1.cf79abc9e3b3ap-46
#define ROUND_SHIFT 0x1.8p52                /* x + this - this rounds x to
                                               an integer, for |x| < 2^51 */

/* e^(xh + xl) = 2^k (t + u), returning k: t is a table value in [1, 2)
   and u, |u| < 2^-6 t, the rest, not yet added so that the caller rounds
   once. Needs -746 < xh < 710 and |xl| <= ulp(xh).

   x = n ln2/64 + r with |r| <= ln2/128, then e^x = 2^(n/64) e^r: the
   table gives 2^(j/64) for j = n mod 64, and e^r - 1 is short enough for
   its Taylor series to degree 6 (the next term is below 2^-64). */
static int exp_split(double xh, double xl, double *t, double *u)
{
    double kd = xh * EXP_INV_L + ROUND_SHIFT;
    kd -= ROUND_SHIFT;
    int n = (int)kd;
    int j = ((n % 64) + 64) % 64;
    int k = (n - j) / 64;
    /* xh - kd L1 is exact (the two are within a factor of two of each
       other unless n is 0); the rest of r is small. */
    double r = (xh - kd * EXP_L1) + (xl - kd * EXP_L2);
    double p = r + r * r * (0.5 + r * (1.0 / 6 + r * (1.0 / 24 + r * (1.0 / 120
                                                           + r * (1.0 / 720)))));
    *t = exp_tab[j][0];
    *u = exp_tab[j][1] + exp_tab[j][0] * p;
    return k;
}

/* 2^k (a + b) rounded once, subnormal results included, for a in
   [2^-7, 4), |b| <= ulp(a) or so, and -1077 <= k <= 1024. */
static double scale_sum(double a, double b, int k)
{
    if (k >= -1014) {                       /* the result is normal */
        double y = a + b;
        if (k > 1023)
            return y * two_pow(1023) * two_pow(k - 1023);
        return y * two_pow(k);
    }
    /* The result may be subnormal, where rounding a + b first and the
       scaled value again could round twice. Scaled by 2^1022 the subnormal
       grid is the grid of [1, 2), so add 1 and round there, once. */
    double s = two_pow(k + 1022);
    double as = a * s, bs = b * s;          /* exact */
    double y = as + bs;
    if (y >= 1)
        return y * 0x1p-1022;               /* normal, exact */
    double e1 = (as - y) + bs;              /* as + bs - y, exactly */
    double h = 1 + y;
    double e2 = (1 - h) + y;                /* 1 + y - h, exactly */
    return ((h + (e1 + e2)) - 1) * 0x1p-1022;
}

double num_exp(double x)
{
    if (x != x)
        return x;
    if (x > 709.8)                          /* log(DBL_MAX) = 709.78... */
        return HUGE_VAL;
    if (x < -745.2)                         /* log(2^-1075) = -745.13... */
        return 0;
    double t, u;
    int k = exp_split(x, 0, &t, &u);
    return scale_sum(t, u, k);
}

/* ---- log ---------------------------------------------------------------- */

/* log(c_j) for c_j = 11/16 + (2j + 1)/512, the centres of the 176 steps of
   1/256 in [11/16, 22/16), as a double and its rounding error. */
static const double log_tab[176][2] = {
    {-0x1.7cc7f7db46a0ep-2, 0x1.8438023cdc3d3p-56},
    {-0x1.76feecb947175p-2, 0x1.118d9eb4ea362p-56},
    {-0x1.713e33a46a17cp-2, 0x1.9367a05ae38d3p-56},
    {-0x1.6b85b4cffa3fdp-2, 0x1.8af2c8dafcb08p-57},
    {-0x1.65d558d4ce00bp-2, 0x1.7605a4748480ap-56},
    {-0x1.602d08af091ecp-2, 0x1.6e8920c09b73fp-58},
    {-0x1.5a8cadbbedfa1p-2, 0x1.e6c2bdfb3e037p-58},
    {-0x1.54f431b7be1a9p-2, 0x1.aacfdbbdab914p-56},
    {-0x1.4f637ebba9810p-2, 0x1.58cb3124b9245p-56},
    {-0x1.49da7f3bcc41fp-2, 0x1.9964a168ccacap-57},
    {-0x1.44591e0539f49p-2, 0x1.2b125247b0fa5p-56},
    {-0x1.3edf463c1683ep-2, -0x1.83d680d3c1084p-56},
    {-0x1.396ce359bbf54p-2, 0x1.ce2b31b31e8b0p-58},
    {-0x1.3401e12aecba1p-2, 0x1.cd55b8a4746c0p-58},
    {-0x1.2e9e2bce12286p-2, -0x1.8251a3b83d97ap-62},
    {-0x1.2941afb186b7cp-2, 0x1.856e61c515740p-57},
    {-0x1.23ec5991eba49p-2, -0x1.bb75d1addf870p-60},
    {-0x1.1e9e1678899f4p-2, -0x1.512c3749a1e4ep-56},
    {-0x1.1956d3b9bc2fap-2, -0x1.7b9d68d50a15dp-56},
    {-0x1.14167ef367783p-2, -0x1.e0936abd4fa6ep-62},
    {-0x1.0edd060b78081p-2, 0x1.92b49ef282b09p-57},
    {-0x1.09aa572e6c6d4p-2, -0x1.43c2e68684d53p-57},
    {-0x1.047e60cde83b8p-2, 0x1.0779634061cbcp-56},
    {-0x1.feb2233ea07cdp-3, -0x1.8de00938b4c40p-61},
    {-0x1.f474b134df229p-3, 0x1.27c77ded76aadp-58},
    {-0x1.ea4449f04aaf5p-3, 0x1.d33919ab94074p-57},
    {-0x1.e020cc6235ab5p-3, -0x1.fea48dd7b81d1p-58},
    {-0x1.d60a17f903515p-3, 0x1.c0df841a71b7ap-57},
    {-0x1.cc000c9db3c52p-3, -0x1.53d154280394fp-57},
    {-0x1.c2028ab17f9b4p-3, -0x1.f11aa3853a5f1p-57},
    {-0x1.b811730b823d2p-3, -0x1.a0ee735d9f0ecp-60},
    {-0x1.ae2ca6f672bd4p-3, -0x1.ab5ca9eaa088ap-57},
    {-0x1.a454082e6ab05p-3, -0x1.df207dc5c34c6p-58},
    {-0x1.9a8778debaa38p-3, -0x1.f47dfd871f87fp-57},
    {-0x1.90c6db9fcbcd9p-3, -0x1.054473941ad99p-57},
    {-0x1.871213750e994p-3, -0x1.d685f35eea2a0p-57},
    {-0x1.7d6903caf5ad0p-3, 0x1.ac5f0c075b847p-59},
    {-0x1.73cb9074fd14dp-3, 0x1.521a000b4cf01p-57},
    {-0x1.6a399dabbd383p-3, -0x1.96332bd4b341fp-57},
    {-0x1.60b3100b09476p-3, 0x1.5b2623e05016bp-58},
    {-0x1.5737cc9018cddp-3, -0x1.4f4d710fec38ep-57},
    {-0x1.4dc7b897bc1c8p-3, 0x1.927d47803c5f4p-57},
    {-0x1.4462b9dc9b3dcp-3, 0x1.629c46c186385p-58},
    {-0x1.3b08b6757f2a9p-3, -0x1.70d6cdf05266cp-60},
    {-0x1.31b994d3a4f85p-3, 0x1.c4716bdfc0cc9p-58},
    {-0x1.28753bc11aba5p-3, 0x1.6394d9fa33311p-57},
    {-0x1.1f3b925f25d41p-3, -0x1.62c9ef939ac5dp-59},
    {-0x1.160c8024b27b1p-3, 0x1.2d56ff61c2bfbp-57},
    {-0x1.0ce7ecdccc28dp-3, 0x1.692a0055dc959p-57},
    {-0x1.03cdc0a51ec0dp-3, -0x1.39e2d3f8b7d10p-57},
    {-0x1.f57bc7d9005dbp-4, 0x1.9361574fb24e2p-58},
    {-0x1.e3707ee30487bp-4, -0x1.09ccecd579d99p-58},
    {-0x1.d179788219364p-4, -0x1.9daf7df76ad2ap-59},
    {-0x1.bf968769fca11p-4, 0x1.cdc9f6f5f38c7p-59},
    {-0x1.adc77ee5aea8cp-4, -0x1.37d8f39bee659p-58},
    {-0x1.9c0c32d4d2548p-4, -0x1.fb0be3ccc1532p-59},
    {-0x1.8a6477a91dc29p-4, 0x1.fa83214904842p-59},
    {-0x1.78d02263d82d3p-4, -0x1.abca5b4fdb880p-58},
    {-0x1.674f089365a7ap-4, 0x1.9acd8b33f8fdcp-58},
    {-0x1.55e10050e0384p-4, 0x1.45f9d61c68c1bp-58},
    {-0x1.4485e03dbdfadp-4, -0x1.1ba349aadbc6ep-58},
    {-0x1.333d7f8183f4bp-4, -0x1.a92afc8ef70b1p-58},
    {-0x1.2207b5c78549ep-4, 0x1.cc0fbce104eaap-58},
    {-0x1.10e45b3cae831p-4, 0x1.a4a128d192686p-58},
    {-0x1.ffa6911ab9301p-5, 0x1.cd9f1f95c2eedp-59},
    {-0x1.dda8adc67ee4ep-5, -0x1.4e6c986f44c55p-59},
    {-0x1.bbcebfc68f420p-5, -0x1.e5cf3a0f56f72p-60},
    {-0x1.9a187b573de7cp-5, 0x1.727626c86b3abp-59},
    {-0x1.788595a3577bap-5, -0x1.e5ef898b67923p-59},
    {-0x1.5715c4c03ceefp-5, 0x1.bbf88ec501b56p-61},
    {-0x1.35c8bfaa1306bp-5, 0x1.50830a65543a4p-63},
    {-0x1.149e3e4005a8dp-5, 0x1.53482d1f9d7d7p-61},
    {-0x1.e72bf2813ce51p-6, -0x1.75b44595cab18p-60},
    {-0x1.a55f548c5c43fp-6, -0x1.ec1a5f86d41f9p-62},
    {-0x1.63d6178690bd6p-6, 0x1.8ed4d357c9c97p-64},
    {-0x1.228fb1fea2e28p-6, 0x1.cd7b66e01c26dp-61},
    {-0x1.c317384c75f06p-7, -0x1.806208c04c220p-61},
    {-0x1.41929f96832f0p-7, 0x1.c5517f64bc223p-61},
    {-0x1.8121214586b54p-8, -0x1.c14b9f9377a1dp-65},
    {-0x1.0040155d5889ep-9, 0x1.8f98e1113f403p-65},
    {0x1.ff802a9ab10e6p-10, 0x1.e29e3a153e3b2p-64},
    {0x1.7ee11ebd82e94p-8, -0x1.61e96e2fc5d90p-62},
    {0x1.3e7295d25a7d9p-7, -0x1.ff29a11443a06p-65},
    {0x1.bcf712c74384cp-7, -0x1.f6842688f499ap-62},
    {0x1.1d7f7eb9eebe7p-6, -0x1.d41fe63d2dbf9p-61},
    {0x1.5c45a51b8d389p-6, -0x1.b10b6c3ec21b4p-60},
    {0x1.9ace7551cc514p-6, 0x1.3409c1df8167fp-60},
    {0x1.d91a66c543cc4p-6, -0x1.d34e608cbdaabp-62},
    {0x1.0b94f7c196176p-5, 0x1.da43f761f4dc4p-59},
    {0x1.2a7ec2214e873p-5, 0x1.8856e9c01e6ddp-61},
    {0x1.494acc34d911cp-5, 0x1.e295bf491ccc5p-59},
    {0x1.67f94f094bd98p-5, 0x1.f3e7e4ed6b2d6p-60},
    {0x1.868a83083f6cfp-5, -0x1.d09a5634943dbp-61},
    {0x1.a4fe9ffa3d235p-5, -0x1.28100a49366b4p-62},
    {0x1.c355dd0921f2dp-5, -0x1.9b2a03e3be3a7p-60},
    {0x1.e19070c276016p-5, -0x1.19918a7a17dc1p-59},
    {0x1.ffae9119b9303p-5, 0x1.ba13162a9c446p-60},
    {0x1.0ed839b5526fep-4, 0x1.7256ea8988a68p-61},
    {0x1.1dcb263db1944p-4, 0x1.3d7a7a2605718p-58},
    {0x1.2cb0283f5de1fp-4, -0x1.d359a8fde8adep-60},
    {0x1.3b87598b1b6eep-4, -0x1.594aca31297a3p-61},
    {0x1.4a50d3aa1b040p-4, 0x1.ecf768c1dd57bp-61},
    {0x1.590cafdf01c28p-4, 0x1.3d5c8aaea76d2p-58},
    {0x1.67bb0726ec0fcp-4, -0x1.b692c214ddbecp-58},
    {0x1.765bf23a6be13p-4, 0x1.0ff28ef6a592fp-58},
    {0x1.84ef898e8282ap-4, 0x1.96dcb441b9227p-59},
    {0x1.9375e55595edep-4, -0x1.e463f9e4dd920p-59},
    {0x1.a1ef1d8061cd4p-4, 0x1.76df97bcb177fp-60},
    {0x1.b05b49bee43fep-4, 0x1.160c7c252f298p-58},
    {0x1.beba818146765p-4, -0x1.e2db7c7d5a130p-58},
    {0x1.cd0cdbf8c13e1p-4, 0x1.36d4375d0c271p-58},
    {0x1.db5270187d927p-4, 0x1.e15ab8607d2acp-58},
    {0x1.e98b549671467p-4, 0x1.d227143a5a998p-58},
    {0x1.f7b79fec37ddfp-4, -0x1.87e897ed01783p-59},
    {0x1.02ebb42bf3d4bp-3, -0x1.f4b9c01cb92c6p-59},
    {0x1.09f561ee719c3p-3, 0x1.f51d505cb0b76p-58},
    {0x1.10f8e422539b1p-3, 0x1.8f798d39f1b7dp-58},
    {0x1.17f6458fca611p-3, -0x1.4bdb0dc8fdffap-63},
    {0x1.1eed90e2dc2c3p-3, -0x1.4e47b44db8540p-57},
    {0x1.25ded0abc6ad2p-3, -0x1.eac3a26edd19cp-58},
    {0x1.2cca0f5f5f251p-3, -0x1.e3235fe23f016p-57},
    {0x1.33af575770e4fp-3, 0x1.9945fce5491eap-57},
    {0x1.3a8eb2d31a376p-3, -0x1.220a8abf098f4p-60},
    {0x1.41682bf727bc0p-3, -0x1.1c207e127261bp-59},
    {0x1.483bccce6e3ddp-3, 0x1.29391fb1b4b22p-57},
    {0x1.4f099f4a230b2p-3, 0x1.a0a02a1b24794p-61},
    {0x1.55d1ad4232d6fp-3, -0x1.ac8966e060839p-58},
    {0x1.5c940075972b9p-3, 0x1.adccb73379cc5p-58},
    {0x1.6350a28aaa758p-3, -0x1.3f547e9c51633p-57},
    {0x1.6a079d0f7aad2p-3, -0x1.eedcbac2a7f18p-62},
    {0x1.70b8f97a1aa75p-3, 0x1.93daa56fbafd6p-58},
    {0x1.7764c128f2127p-3, 0x1.240d1e78f44cep-57},
    {0x1.7e0afd630c274p-3, -0x1.83e270efcc373p-58},
    {0x1.84abb75865139p-3, 0x1.5482c750b9638p-58},
    {0x1.8b46f8223625bp-3, 0x1.f2102dd7c92ecp-58},
    {0x1.91dcc8c340bdep-3, 0x1.aaf77bfd17182p-58},
    {0x1.986d3228180cap-3, -0x1.2a6c8af000189p-58},
    {0x1.9ef83d2769a34p-3, -0x1.6f67f39bff3a5p-58},
    {0x1.a57df28244dcdp-3, -0x1.b9af132a24e39p-59},
    {0x1.abfe5ae46124cp-3, -0x1.ea72be27390f0p-57},
    {0x1.b2797ee46320cp-3, -0x1.1520da0151cf7p-57},
    {0x1.b8ef670420c3bp-3, -0x1.999bd0ee3fe88p-57},
    {0x1.bf601bb0e44e2p-3, -0x1.56b83c874aaf4p-57},
    {0x1.c5cba543ae425p-3, -0x1.62134bab038d8p-57},
    {0x1.cc320c0176502p-3, 0x1.039a653793a85p-57},
    {0x1.d293581b6b3e7p-3, -0x1.c04a2aa97ac8ep-58},
    {0x1.d8ef91af31d5ep-3, -0x1.7f0d931e0e2cap-60},
    {0x1.df46c0c722d2fp-3, 0x1.05616f20722e7p-57},
    {0x1.e598ed5a87e2fp-3, -0x1.a5e78f4c50659p-58},
    {0x1.ebe61f4dd7b0bp-3, -0x1.4cc3f7293285cp-59},
    {0x1.f22e5e72f105dp-3, 0x1.61d7d037c1899p-57},
    {0x1.f871b28955045p-3, 0x1.4ad6c8812d31ap-63},
    {0x1.feb0233e607ccp-3, 0x1.6e32d5e8c707fp-57},
    {0x1.0274dc16c232fp-2, 0x1.e89cf835c2780p-57},
    {0x1.058f3c703ebc6p-2, -0x1.9af348dab5c3cp-58},
    {0x1.08a73667c57afp-2, 0x1.d40c5a328e6c6p-60},
    {0x1.0bbccdb0d24bdp-2, -0x1.a667446409480p-57},
    {0x1.0ed005f657da4p-2, 0x1.c56bd2abfe82ap-56},
    {0x1.11e0e2dad9cb7p-2, 0x1.dc0cc6917022bp-63},
    {0x1.14ef67f88685ap-2, 0x1.66880da1b13e4p-58},
    {0x1.17fb98e15095dp-2, 0x1.7458b5d97ba9dp-56},
    {0x1.1b05791f07b49p-2, -0x1.466dc55e2d052p-56},
    {0x1.1e0d0c33716bep-2, 0x1.e55361a93fe61p-57},
    {0x1.211255986160cp-2, -0x1.8745d6af3c50bp-56},
    {0x1.241558bfd1404p-2, -0x1.9bae06a5c872dp-65},
    {0x1.27161913f853dp-2, 0x1.e3ec2ac9676b8p-57},
    {0x1.2a1499f762bc9p-2, 0x1.02b831548f4a6p-58},
    {0x1.2d10dec508583p-2, 0x1.87dc220d4d94cp-58},
    {0x1.300aead06350cp-2, -0x1.52e91406a8a04p-57},
    {0x1.3302c16586588p-2, 0x1.7dc2a3e08aa16p-56},
    {0x1.35f865c93293ep-2, 0x1.0d8af2d5b0557p-59},
    {0x1.38ebdb38ed321p-2, -0x1.3e8cc159afd10p-56},
    {0x1.3bdd24eb14b6ap-2, 0x1.2da3c6449a7d0p-58},
    {0x1.3ecc460ef5f50p-2, -0x1.4313e09807affp-58},
    {0x1.41b941cce0beep-2, 0x1.6fec1bc0376f6p-56},
    {0x1.44a41b463c47cp-2, -0x1.d70c8309edcfcp-56}
};

/* ln 2 in two parts: the first has 42 significant bits, so e times it is
   exact for every binary exponent e of a double. */
#define LN2_HI 0x1.62e42fefa3800p-1
#define LN2_LO 0x1.ef35793c76730p-45

double num_log(double x)
{
    if (x != x)
        return x;
    if (x < 0)
        return NAN;
    if (x == 0)
        return -HUGE_VAL;
    if (x > DBL_MAX)
        return x;
    if (x > 0.9375 && x < 1.0625) {
        /* Near 1, where the result is small and must be accurate relative
           to itself: log(1 + f) = 2 atanh(s) with s = f/(2 + f) and
           f = x - 1 exact. Written as f - (f^2/2 - s (f^2/2 + R)), the
           part that is not exact is below f/30, so its rounding errors
           hardly show. R = 2 s^2/3 + 2 s^4/5 + ..., |s| < 1/32. */
        double f = x - 1;
        double s = f / (2 + f);
        double z = s * s;
        double hfsq = 0.5 * f * f;
        double R = z * (2.0 / 3 + z * (2.0 / 5 + z * (2.0 / 7 + z * (2.0 / 9
                                                                + z * (2.0 / 11)))));
        return f - (hfsq - s * (hfsq + R));
    }
    /* x = 2^e m with m in [11/16, 22/16), so that log(m) has no great
       cancellation with e log 2; then m = c (1 + r) for the table's c
       nearest to m, |r| < 2^-8.4, and log(x) = e log 2 + log(c) + log1p(r). */
    int e = 0;
    if (x < DBL_MIN) {
        x *= 0x1p54;                        /* exact */
        e = -54;
    }
    uint64_t bits;
    memcpy(&bits, &x, sizeof bits);
    e += (int)(bits >> 52) - 1023;
    bits = (bits & 0x000fffffffffffffu) | 0x3ff0000000000000u;
    double m;
    memcpy(&m, &bits, sizeof m);            /* in [1, 2) */
    if (m >= 1.375) {
        m *= 0.5;
        e++;
    }
    int j = (int)((m - 0.6875) * 256);      /* m - 11/16 is exact */
    double c = 0.6875 + (double)(2 * j + 1) / 512;
    double r = (m - c) / c;                 /* m - c is exact */
    double p = r * r * (-0.5 + r * (1.0 / 3 + r * (-0.25 + r * (0.2 + r * (-1.0 / 6
                                                                    + r * (1.0 / 7))))));
    /* The large terms summed with their rounding errors kept (Fast2Sum: in
       each sum the first term is the larger, |e log 2 + log c| > 2^-4.2
       outside the branch above), the small ones then added to those. */
    double a = e * LN2_HI;                  /* exact */
    double s1 = a + log_tab[j][0];
    double e1 = (a - s1) + log_tab[j][0];
    double s2 = s1 + r;
    double e2 = (s1 - s2) + r;
    return s2 + ((e * LN2_LO + log_tab[j][1]) + (e1 + e2) + p);
}

/* ---- arithmetic on pairs of doubles -------------------------------------- */

/* A value carried as hi + lo with |lo| <= ulp(hi)/2: about 106 bits, for
   the sums and rational functions below whose rounding errors in plain
   double would add up to a few ulps. The exact transformations are
   Knuth's TwoSum and Dekker's product (the latter splits each factor into
   halves of 26 bits whose products are exact, FMA not being allowed). */
typedef struct {
    double hi, lo;
} DD;

static DD two_sum(double a, double b)           /* a + b exactly */
{
    double s = a + b, bb = s - a;
    return (DD){s, (a - (s - bb)) + (b - bb)};
}

static DD fast_two_sum(double a, double b)      /* a + b exactly, |a| >= |b| */
{
    double s = a + b;
    return (DD){s, b - (s - a)};
}

static DD two_prod(double a, double b)          /* a b exactly, |a|, |b| < 2^995 */
{
    double p = a * b;
    double ca = 134217729.0 * a, cb = 134217729.0 * b;   /* 2^27 + 1 */
    double ah = ca - (ca - a), al = a - ah;
    double bh = cb - (cb - b), bl = b - bh;
    return (DD){p, ((ah * bh - p) + ah * bl + al * bh) + al * bl};
}

/* Sum and product, to about 2^-104 relative when the terms do not cancel
   (they never do much here: the coefficients are all positive). */
static DD dd_add(DD a, DD b)
{
    DD s = two_sum(a.hi, b.hi);
    return fast_two_sum(s.hi, s.lo + (a.lo + b.lo));
}

static DD dd_mul(DD a, DD b)
{
    DD p = two_prod(a.hi, b.hi);
    return fast_two_sum(p.hi, p.lo + (a.hi * b.lo + a.lo * b.hi));
}

static DD dd_div(DD a, DD b)
{
    double q = a.hi / b.hi;
    DD p = two_prod(q, b.hi);
    double r = ((a.hi - p.hi) - p.lo + a.lo - q * b.lo) / b.hi;
    return fast_two_sum(q, r);
}

/* Horner's rule on coefficients given as pairs, highest power first. */
static DD dd_poly(const double (*c)[2], int n, DD x)
{
    DD s = {c[0][0], c[0][1]};
    for (int i = 1; i < n; i++)
        s = dd_add(dd_mul(s, x), (DD){c[i][0], c[i][1]});
    return s;
}

/* ---- erfc --------------------------------------------------------------- */

/* W. J. Cody, Rational Chebyshev approximations for the error function,
   Math. Comp. 23 (1969) 631-638, with the coefficients of his CALERF
   (1990), each approximation better than 2e-18 relative on its interval.
   Rounded to one double each, the coefficients alone would cost up to an
   ulp; each is kept as its published 18 digits, rounded to a double, and
   the rounding error of that double.

   erf(y) = y P(y^2) / Q(y^2)                           y <= 0.46875
   erfc(y) = e^(-y^2) P(y) / Q(y)                 0.46875 < y <= 4
   erfc(y) = e^(-y^2) / y (1/sqrt(pi) - z R(z) / S(z))  4 < y, z = 1/y^2 */
static const double erf_p[5][2] = {
    {1.85777706184603153e-1, 0x1.9946452d31c95p-68},
    {3.16112374387056560e0, 0x1.e673025aca379p-54},
    {1.13864154151050156e2, -0x1.43f5d904ed3fcp-49},
    {3.77485237685302021e2, -0x1.0387940caf40ep-48},
    {3.20937758913846947e3, 0x1.abb55561c5b97p-44}
};
static const double erf_q[5][2] = {
    {1.0, 0}, {2.36012909523441209e1, -0x1.9c926e3512582p-50},
    {2.44024637934444173e2, 0x1.0ecd5877ac21bp-50},
    {1.28261652607737228e3, -0x1.ac699feef115ap-45},
    {2.84423683343917062e3, -0x1.c95e4e3a23f2ep-43}
};
static const double erfc_p[9][2] = {
    {2.15311535474403846e-8, 0x1.710a6b27167b3p-80},
    {5.64188496988670089e-1, -0x1.75e8f3f971f30p-55},
    {8.88314979438837594e0, -0x1.fa877264e48b9p-51},
    {6.61191906371416295e1, 0x1.a777880e1ca50p-50},
    {2.98635138197400131e2, 0x1.e80c05abd0d25p-48},
    {8.81952221241769090e2, 0x1.51691fb0fbf02p-45},
    {1.71204761263407058e3, -0x1.a8213e18041e6p-44},
    {2.05107837782607147e3, -0x1.d2295f4823071p-44},
    {1.23033935479799725e3, 0x1.aa15a3b29abd4p-45}
};
static const double erfc_q[9][2] = {
    {1.0, 0}, {1.57449261107098347e1, -0x1.cc3a7bec072e1p-51},
    {1.17693950891312499e2, 0x1.421ed9030071fp-49},
    {5.37181101862009858e2, -0x1.b21a0508cd61dp-46},
    {1.62138957456669019e3, -0x1.6ddf6e89a65aep-44},
    {3.29079923573345963e3, -0x1.d28a4f8b8b703p-45},
    {4.36261909014324716e3, -0x1.e79de29cee29bp-43},
    {3.43936767414372164e3, 0x1.c061ab71e2417p-46},
    {1.23033935480374942e3, -0x1.ec4a06a21aa1fp-44}
};
static const double erfc_r[6][2] = {
    {1.63153871373020978e-2, 0x1.c723b624a3f16p-62},
    {3.05326634961232344e-1, -0x1.e498545448649p-57},
    {3.60344899949804439e-1, -0x1.0d4a79985a5edp-56},
    {1.25781726111229246e-1, -0x1.c928d4da35521p-57},
    {1.60837851487422766e-2, 0x1.a04ee73791c0ep-60},
    {6.58749161529837803e-4, -0x1.737660fba1819p-66}
};
static const double erfc_s[6][2] = {
    {1.0, 0}, {2.56852019228982242e0, 0x1.f7b0d00092d0ap-53},
    {1.87295284992346047e0, 0x1.71fa2fc0eee60p-56},
    {5.27905102951428412e-1, -0x1.6794a7a021c45p-55},
    {6.05183413124413191e-2, -0x1.b63758968751dp-65},
    {2.33520497626869185e-3, 0x1.8109a8128e6d8p-64}
};

#define RSQRT_PI_HI 0x1.20dd750429b6dp-1        /* 1/sqrt(pi) */
#define RSQRT_PI_LO 0x1.1ae3a914fed80p-57
#define RSQRT2_HI 0x1.6a09e667f3bcdp-1          /* 1/sqrt(2) */
#define RSQRT2_LO -0x1.bdd3413b26456p-55
#define SQRT_PI_2 0x1.40d931ff62706p+0          /* sqrt(pi/2) */
#define RSQRT_2PI 0x1.9884533d43651p-2          /* 1/sqrt(2 pi) */

/* erf(y) for |y| <= 0.46875. */
static DD erf_small(DD y)
{
    DD z = dd_mul(y, y);
    return dd_mul(y, dd_div(dd_poly(erf_p, 5, z), dd_poly(erf_q, 5, z)));
}

/* erfc(y) = 2^k (t + u) g for 0.46875 < y < 27.3, returning k: e^(-y^2)
   as exp_split leaves it, the rest as a pair. e^(-y^2) is taken of y^2
   as a pair: rounded, y^2 would be off by up to y^2 2^-53, which e^
   magnifies to 370 ulps at y = 27. */
static int erfc_parts(DD y, double *t, double *u, DD *g)
{
    if (y.hi <= 4) {
        *g = dd_div(dd_poly(erfc_p, 9, y), dd_poly(erfc_q, 9, y));
    } else {
        DD z = dd_div((DD){1, 0}, dd_mul(y, y));
        DD w = dd_mul(z, dd_div(dd_poly(erfc_r, 6, z), dd_poly(erfc_s, 6, z)));
        DD n = dd_add((DD){RSQRT_PI_HI, RSQRT_PI_LO}, (DD){-w.hi, -w.lo});
        *g = dd_div(n, y);
    }
    DD sq = dd_mul(y, y);
    return exp_split(-sq.hi, -sq.lo, t, u);
}

/* (t + u) g as a pair, in [2^-7, 2). */
static DD times_exp(double t, double u, DD g)
{
    DD p = two_prod(t, g.hi);
    return fast_two_sum(p.hi, p.lo + (t * g.lo + u * g.hi));
}

double num_erfc(double x)
{
    if (x != x)
        return x;
    double y = fabs(x);
    if (y <= 0.46875) {
        DD e = erf_small((DD){x, 0});
        DD s = two_sum(1, -e.hi);
        return s.hi + (s.lo - e.lo);
    }
    if (y >= 27.3)                          /* erfc(y) < 2^-1075 */
        return x < 0 ? 2 : 0;
    double t, u;
    DD g;
    int k = erfc_parts((DD){y, 0}, &t, &u, &g);
    DD v = times_exp(t, u, g);
    if (x > 0)
        return scale_sum(v.hi, v.lo, k);
    if (k < -60)                            /* erfc(y) < 2^-60: 2 - it is 2 */
        return 2;
    DD s = two_sum(2, -v.hi * two_pow(k));
    return s.hi + (s.lo - v.lo * two_pow(k));
}

/* ---- the normal quantile ------------------------------------------------ */

/* M. J. Wichura, Algorithm AS 241: The percentage points of the normal
   distribution, Applied Statistics 37 (1988) 477-484 (PPND16): rational
   approximations in p - 1/2 near the middle and in sqrt(-log p) beyond,
   about 1e-16 relative. Evaluated in plain double they are up to 6 ulps
   off, which one Newton step on Phi(x) = p with Cody's erfc removes. */
static const double q_a[8] = {        /* |p - 1/2| <= 0.425 */
    2.5090809287301226727e3, 3.3430575583588128105e4, 6.7265770927008700853e4,
    4.5921953931549871457e4, 1.3731693765509461125e4, 1.9715909503065514427e3,
    1.3314166789178437745e2, 3.3871328727963666080e0};
static const double q_b[8] = {
    5.2264952788528545610e3, 2.8729085735721942674e4, 3.9307895800092710610e4,
    2.1213794301586595867e4, 5.3941960214247511077e3, 6.8718700749205790830e2,
    4.2313330701600911252e1, 1.0};
static const double q_c[8] = {        /* r = sqrt(-log p) <= 5 */
    7.74545014278341407640e-4, 2.27238449892691845833e-2, 2.41780725177450611770e-1,
    1.27045825245236838258e0, 3.64784832476320460504e0, 5.76949722146069140550e0,
    4.63033784615654529590e0, 1.42343711074968357734e0};
static const double q_d[8] = {
    1.05075007164441684324e-9, 5.47593808499534494600e-4, 1.51986665636164571966e-2,
    1.48103976427480074590e-1, 6.89767334985100004550e-1, 1.67638483018380384940e0,
    2.05319162663775882187e0, 1.0};
static const double q_e[8] = {        /* r > 5 */
    2.01033439929228813265e-7, 2.71155556874348757815e-5, 1.24266094738807843860e-3,
    2.65321895265761230930e-2, 2.96560571828504891230e-1, 1.78482653991729133580e0,
    5.46378491116411436990e0, 6.65790464350110377720e0};
static const double q_f[8] = {
    2.04426310338993978564e-15, 1.42151175831644588870e-7, 1.84631831751005468180e-5,
    7.86869131145613259100e-4, 1.48753612908506148525e-2, 1.36929880922735805310e-1,
    5.99832206555887937690e-1, 1.0};

/* Horner's rule in plain double, highest power first. */
static double poly(const double *c, int n, double x)
{
    double s = c[0];
    for (int i = 1; i < n; i++)
        s = s * x + c[i];
    return s;
}

/* v 2^n for n >= 0, exact while the result is finite. */
static double scale_up(double v, int n)
{
    for (; n > 1000; n -= 1000)
        v *= 0x1p1000;
    return v * two_pow(n);
}

/* The quantile for 0 < p <= 1/2 (so x <= 0). */
static double lower_quantile(double p)
{
    double q = p - 0.5;                     /* exact for p >= 1/4 */
    double x;
    if (q >= -0.425) {
        double r = 0.180625 - q * q;
        x = q * (poly(q_a, 8, r) / poly(q_b, 8, r));
    } else {
        double r = sqrt(-num_log(p));
        if (r <= 5) {
            r -= 1.6;
            x = -(poly(q_c, 8, r) / poly(q_d, 8, r));
        } else {
            r -= 5;
            x = -(poly(q_e, 8, r) / poly(q_f, 8, r));
        }
    }
    /* Newton: x - (Phi(x) - p)/phi(x), where Phi(x) = erfc(w)/2 and
       phi(x) = e^(-w^2)/sqrt(2 pi) with w = -x/sqrt(2) >= 0, w as a pair.
       Only the residual Phi(x) - p needs to be accurate, and it is when
       computed so that its large parts cancel exactly. */
    DD w = two_prod(x, -RSQRT2_HI);
    w = fast_two_sum(w.hi, w.lo - x * RSQRT2_LO);
    if (w.hi <= 0.46875) {
        /* Phi(x) - p = -(q + erf(w)/2); p > 0.25 here, so q is exact, and
           erf(w)/2 is within a factor of two of -q. */
        DD e = erf_small(w);
        double res = -((0.5 * e.hi + q) + 0.5 * e.lo);
        return x - res / (num_exp(-(w.hi * w.hi)) * RSQRT_2PI);
    }
    /* Phi(x) = 2^(k-1) (t + u) g and phi(x) = 2^k (t + u)/sqrt(2 pi): with
       p scaled by 2^(1-k) (exactly, even from a subnormal p), the step is
       ((t + u) g - p 2^(1-k)) sqrt(pi/2)/(t + u), in which nothing
       underflows however small p is. */
    double t, u;
    DD g;
    int k = erfc_parts(w, &t, &u, &g);
    DD v = times_exp(t, u, g);
    double res = (v.hi - scale_up(p, 1 - k)) + v.lo;
    return x - res * SQRT_PI_2 / (t + u);
}

double num_norm_quantile(double p)
{
    if (!(p > 0 && p < 1)) {
        if (p == 0)
            return -HUGE_VAL;
        if (p == 1)
            return HUGE_VAL;
        return NAN;
    }
    /* The upper half by symmetry: 1 - p is exact for p >= 1/2, and the
       quantiles of p and 1 - p are then exact negatives of each other. */
    if (p > 0.5)
        return -lower_quantile(1 - p);
    return lower_quantile(p);
}

/* ---- powers of ten ------------------------------------------------------ */

double num_pow10(int d)
{
    if (d > 308)
        return HUGE_VAL;
    if (d < -323)
        return 0;
    if (d >= -22 && d <= 22) {
        /* 10^22 = 2^22 5^22 with 5^22 < 2^53: every power up to it is a
           double, reached by exact products; 10^-d is then one division,
           correctly rounded. */
        double t = 1;
        for (int i = 0; i < (d < 0 ? -d : d); i++)
            t *= 10;
        return d < 0 ? 1 / t : t;
    }
    /* strtod rounds a string of at most DECIMAL_DIG digits correctly (C11
       7.22.1.3 recommends it, IEEE 754 requires it; glibc, musl and the
       BSDs do); the string has no decimal point, so the locale does not
       matter. */
    char buf[16];
    snprintf(buf, sizeof buf, "1e%d", d);
    int saved = errno;                      /* subnormals set ERANGE */
    double v = strtod(buf, NULL);
    errno = saved;
    return v;
}
