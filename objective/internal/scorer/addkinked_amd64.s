//go:build amd64 && !purego

#include "textflag.h"

// Constants of addKinkedAVX and rankKinksAVX: |x| by mask, 1.0 to
// count masks, and for the k-th kink of a chunk of four, the lanes l it
// comes before (k < l).
DATA ·kinkedAbsMask+0(SB)/8, $0x7fffffffffffffff
DATA ·kinkedAbsMask+8(SB)/8, $0x7fffffffffffffff
DATA ·kinkedAbsMask+16(SB)/8, $0x7fffffffffffffff
DATA ·kinkedAbsMask+24(SB)/8, $0x7fffffffffffffff
GLOBL ·kinkedAbsMask(SB), RODATA|NOPTR, $32
DATA ·kinkedOnes+0(SB)/8, $1.0
DATA ·kinkedOnes+8(SB)/8, $1.0
DATA ·kinkedOnes+16(SB)/8, $1.0
DATA ·kinkedOnes+24(SB)/8, $1.0
GLOBL ·kinkedOnes(SB), RODATA|NOPTR, $32
DATA ·rankBefore+0(SB)/8, $0
DATA ·rankBefore+8(SB)/8, $0xffffffffffffffff
DATA ·rankBefore+16(SB)/8, $0xffffffffffffffff
DATA ·rankBefore+24(SB)/8, $0xffffffffffffffff
DATA ·rankBefore+32(SB)/8, $0
DATA ·rankBefore+40(SB)/8, $0
DATA ·rankBefore+48(SB)/8, $0xffffffffffffffff
DATA ·rankBefore+56(SB)/8, $0xffffffffffffffff
DATA ·rankBefore+64(SB)/8, $0
DATA ·rankBefore+72(SB)/8, $0
DATA ·rankBefore+80(SB)/8, $0
DATA ·rankBefore+88(SB)/8, $0xffffffffffffffff
DATA ·rankBefore+96(SB)/8, $0
DATA ·rankBefore+104(SB)/8, $0
DATA ·rankBefore+112(SB)/8, $0
DATA ·rankBefore+120(SB)/8, $0
GLOBL ·rankBefore(SB), RODATA|NOPTR, $128

// KINK_LANE writes one lane's kink (the low or high half of x, by store)
// and unit at kinkAt[i] + count[i] for the lane's row, whose count is at
// byte offset countOff from count's SI-th and kinkAt at atOff.
#define KINK_LANE(countOff, atOff, store, x) \
	MOVLQSX countOff(AX)(SI*4), CX \
	ADDQ    atOff(DI)(SI*8), CX \
	store   x, (DX)(CX*8) \
	MOVL    R10, (R8)(CX*4)

// func addKinkedAVX(n int, pre, act *float64, rows *kinkedRows, kinks *float64, units *int32, steps *float64, stepBytes int, c *kinkedConsts, unit int32, reaches, divide bool)
//
// Four rows an iteration, n a multiple of 4. Y8-Y15 hold the unit's
// constants; SI is the row, R9 act, R11 crossBelow, R12 wHi, R13 f0, R14
// f1 and BX bsum throughout; R8 (pre) and R10 (a0) are loaded each
// iteration and lent to the scatter of the kinks after, and termMag's
// pointer is loaded where it is used: R15 is not used at all, since a
// build for dynamic linking (-dynlink: plugins, shared libraries)
// rewrites every access to a global such as kinkedOnes through it.
TEXT ·addKinkedAVX(SB), NOSPLIT, $0-78
	MOVQ act+16(FP), R9
	MOVQ rows+24(FP), AX
	MOVQ 8(AX), R11  // crossBelow
	MOVQ 16(AX), R12 // wHi
	MOVQ 24(AX), R13 // f0
	MOVQ 32(AX), R14 // f1
	MOVQ 48(AX), BX  // bsum
	MOVQ c+64(FP), DX
	VBROADCASTSD 0(DX), Y15  // inv
	VBROADCASTSD 8(DX), Y14  // v
	VBROADCASTSD 16(DX), Y13 // toOutput
	VBROADCASTSD 24(DX), Y12 // |toOutput|
	VBROADCASTSD 32(DX), Y11 // gainBound
	VBROADCASTSD 40(DX), Y10 // stepScale
	VBROADCASTSD 48(DX), Y9  // the gain if crossed
	VBROADCASTSD 56(DX), Y8  // the gain if kept or not reached
	XORQ SI, SI

loop:
	CMPQ SI, n+0(FP)
	JGE  done
	MOVQ pre+8(FP), R8
	MOVQ rows+24(FP), AX
	MOVQ 0(AX), R10         // a0
	VMOVUPD (R8)(SI*8), Y0  // z0
	VMOVUPD (R10)(SI*8), Y1 // a0

	// kink := a0 - z0*inv (or z0/v)
	MOVBLZX divide+77(FP), DX
	TESTQ   DX, DX
	JNE     quotient
	VMULPD  Y15, Y0, Y2
	JMP     kink

quotient:
	VDIVPD Y14, Y0, Y2

kink:
	VSUBPD Y2, Y1, Y2

	// bsum += kink
	VADDPD  (BX)(SI*8), Y2, Y3
	VMOVUPD Y3, (BX)(SI*8)

	// crossed := kink < crossBelow; the gain, crossed's or kept's;
	// kept := !(kink > wHi) && !crossed.
	VCMPPD    $0x11, (R11)(SI*8), Y2, Y4
	VBLENDVPD Y4, Y9, Y8, Y5
	VCMPPD    $0x1A, (R12)(SI*8), Y2, Y6
	VANDNPD   Y6, Y4, Y6
	VMOVUPD   (R9)(SI*8), Y4 // ak

	// Each row's kink and unit at kinkAt[i] + count[i], then count
	// grows by kept.
	MOVQ         rows+24(FP), AX
	MOVQ         56(AX), DI // kinkAt
	MOVQ         64(AX), AX // count
	MOVQ         kinks+32(FP), DX
	MOVQ         units+40(FP), R8
	MOVL         unit+72(FP), R10
	VEXTRACTF128 $1, Y2, X7

	KINK_LANE(0, 0, VMOVSD, X2)
	KINK_LANE(4, 8, VMOVHPD, X2)
	KINK_LANE(8, 16, VMOVSD, X7)
	KINK_LANE(12, 24, VMOVHPD, X7)

	VANDPD     ·kinkedOnes(SB), Y6, Y6
	VCVTPD2DQY Y6, X6
	VPADDD     (AX)(SI*4), X6, X6
	VMOVDQU    X6, (AX)(SI*4)

	// zk := z0 - v*a0
	VMULPD Y14, Y1, Y3
	VSUBPD Y3, Y0, Y3

	// f0 += toOutput * (gain*zk - ak)
	VMULPD  Y3, Y5, Y6
	VSUBPD  Y4, Y6, Y6
	VMULPD  Y6, Y13, Y6
	VADDPD  (R13)(SI*8), Y6, Y6
	VMOVUPD Y6, (R13)(SI*8)

	// f1 += (toOutput*gain) * v
	VMULPD  Y5, Y13, Y6
	VMULPD  Y14, Y6, Y6
	VADDPD  (R14)(SI*8), Y6, Y6
	VMOVUPD Y6, (R14)(SI*8)

	// termMag += |toOutput| * (gainBound*|zk| + |ak|)
	VANDPD  ·kinkedAbsMask(SB), Y3, Y6
	VMULPD  Y11, Y6, Y6
	VANDPD  ·kinkedAbsMask(SB), Y4, Y7
	VADDPD  Y7, Y6, Y6
	VMULPD  Y6, Y12, Y6
	MOVQ    rows+24(FP), DX
	MOVQ    40(DX), DX // termMag
	VADDPD  (DX)(SI*8), Y6, Y6
	VMOVUPD Y6, (DX)(SI*8)

	// open += gain != 0, for a unit that reaches the output
	MOVBLZX reaches+76(FP), DX
	TESTQ   DX, DX
	JEQ     steps
	VXORPD     Y7, Y7, Y7
	VCMPPD     $0x04, Y7, Y5, Y6
	VANDPD     ·kinkedOnes(SB), Y6, Y6
	VCVTPD2DQY Y6, X6
	MOVQ       rows+24(FP), AX
	MOVQ       72(AX), AX // open
	VPADDD     (AX)(SI*4), X6, X6
	VMOVDQU    X6, (AX)(SI*4)

steps:
	// steps[i·stride] = stepScale * zk
	VMULPD       Y10, Y3, Y6
	VEXTRACTF128 $1, Y6, X7
	MOVQ         steps+48(FP), DX
	MOVQ         stepBytes+56(FP), DI
	MOVQ         SI, AX
	IMULQ        DI, AX
	ADDQ         AX, DX
	VMOVSD       X6, (DX)
	ADDQ         DI, DX
	VMOVHPD      X6, (DX)
	ADDQ         DI, DX
	VMOVSD       X7, (DX)
	ADDQ         DI, DX
	VMOVHPD      X7, (DX)

	ADDQ $4, SI
	JMP  loop

done:
	VZEROUPPER
	RET

// RANK_OWN counts the chunk's own k-th kink (at byte offset off) into
// each lane: below it, or not above it for the lanes it comes before
// (rankBefore's mask at mask).
#define RANK_OWN(off, mask) \
	VBROADCASTSD off(SI)(AX*8), Y6 \
	VCMPPD       $0x11, Y0, Y6, Y7 \
	VCMPPD       $0x12, Y0, Y6, Y8 \
	VMOVUPD      ·rankBefore+mask(SB), Y9 \
	VBLENDVPD    Y9, Y8, Y7, Y10 \
	VANDPD       Y15, Y10, Y10 \
	VADDPD       Y10, Y3, Y3 \
	VANDPD       Y9, Y8, Y11 \
	VANDPD       Y15, Y11, Y11 \
	VADDPD       Y11, Y5, Y5

// RANK_PAIR counts kinks q and q+1 (BX) into sum0 and sum1 where they
// compare with each lane's kink by predicate pred.
#define RANK_PAIR(pred, sum0, sum1) \
	VBROADCASTSD (SI)(BX*8), Y6 \
	VCMPPD       pred, Y0, Y6, Y6 \
	VANDPD       Y15, Y6, Y6 \
	VADDPD       Y6, sum0, sum0 \
	VBROADCASTSD 8(SI)(BX*8), Y7 \
	VCMPPD       pred, Y0, Y7, Y7 \
	VANDPD       Y15, Y7, Y7 \
	VADDPD       Y7, sum1, sum1

// func rankKinksAVX(kinks *float64, n int, ranks, notAbove *int32)
//
// Four kinks p at a time (Y0, from p0), against each kink q: those before
// p0 count where not above (in both sums, Y1 and Y2), those after p0+3
// where below (Y3 and Y4), two q an iteration in separate sums (a sum's
// additions wait on each other); the four of the chunk itself count as
// before or after each lane (rankBefore), into Y3 and Y5.
TEXT ·rankKinksAVX(SB), NOSPLIT, $0-32
	MOVQ    kinks+0(FP), SI
	MOVQ    n+8(FP), CX
	MOVQ    ranks+16(FP), DI
	MOVQ    notAbove+24(FP), R8
	VMOVUPD ·kinkedOnes(SB), Y15
	XORQ    AX, AX

chunk:
	CMPQ    AX, CX
	JGE     ranked
	VMOVUPD (SI)(AX*8), Y0
	VXORPD  Y1, Y1, Y1
	VXORPD  Y2, Y2, Y2
	VXORPD  Y3, Y3, Y3
	VXORPD  Y4, Y4, Y4
	VXORPD  Y5, Y5, Y5
	XORQ    BX, BX

before:
	CMPQ         BX, AX
	JGE          own
	RANK_PAIR($0x12, Y1, Y2) // kinks[q] <= kinks[p]
	ADDQ         $2, BX
	JMP          before

own:
	RANK_OWN(0, 0)
	RANK_OWN(8, 32)
	RANK_OWN(16, 64)
	RANK_OWN(24, 96)
	LEAQ 4(AX), BX

after:
	CMPQ         BX, CX
	JGE          store
	RANK_PAIR($0x11, Y3, Y4) // kinks[q] < kinks[p]
	ADDQ         $2, BX
	JMP          after

store:
	VADDPD     Y2, Y1, Y1
	VADDPD     Y4, Y3, Y3
	VADDPD     Y1, Y3, Y3
	VADDPD     Y1, Y5, Y5
	VCVTPD2DQY Y3, X3
	VMOVDQU    X3, (DI)(AX*4)
	VCVTPD2DQY Y5, X5
	VMOVDQU    X5, (R8)(AX*4)
	ADDQ       $4, AX
	JMP        chunk

ranked:
	VZEROUPPER
	RET
