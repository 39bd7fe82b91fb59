//go:build amd64 && !purego

#include "textflag.h"

// The kernels below add A·B to a block of C, vectorised across C's
// columns: each element gets its terms one at a time in p order, each
// product rounded (VMULPD) before it is added (VADDPD), never fused, so
// each element's sum is the plain loop's. Operand order follows the Go
// compiler's scalar code for c += a*b (a the first source of the
// multiply, c the first of the add), which decides the payload when
// both operands are NaN.
//
// A zero a is skipped: VCMPPD's predicate 4 (NEQ_UQ, true for NaN) sets
// a mask of all ones when a is nonzero or NaN and of zeros when it is +0
// or -0, and the add is merge-masked with it, leaving C as it was.
//
// Columns past nc are masked off every load and store of B and C (K1 to
// K4), so the kernels read and write only the block.

// MASKS sets K1-K4 to the column masks of nc (in CX) columns: bit j of
// K1|K2<<8|K3<<16|K4<<24 is set for j < nc. Clobbers AX.
#define MASKS \
	MOVQ  $1, AX \
	SHLQ  CX, AX \
	DECQ  AX \
	KMOVW AX, K1 \
	SHRQ  $8, AX \
	KMOVW AX, K2 \
	SHRQ  $8, AX \
	KMOVW AX, K3 \
	SHRQ  $8, AX \
	KMOVW AX, K4

// LOADC loads the nc columns of the C row at r into c0-c3 (zeros past
// nc).
#define LOADC(r, c0, c1, c2, c3) \
	VMOVUPD.Z (r), K1, c0 \
	VMOVUPD.Z 64(r), K2, c1 \
	VMOVUPD.Z 128(r), K3, c2 \
	VMOVUPD.Z 192(r), K4, c3

// STOREC stores c0-c3 back to the nc columns of the C row at r.
#define STOREC(r, c0, c1, c2, c3) \
	VMOVUPD c0, K1, (r) \
	VMOVUPD c1, K2, 64(r) \
	VMOVUPD c2, K3, 128(r) \
	VMOVUPD c3, K4, 192(r)

// ROW adds a·B[p] (B[p] in Z16-Z19) to the row c0-c3 unless a, the
// scalar at aaddr, is zero. Uses Z20, Z24-Z27 and K5.
#define ROW(aaddr, c0, c1, c2, c3) \
	VBROADCASTSD aaddr, Z20 \
	VCMPPD       $4, Z31, Z20, K5 \
	VMULPD       Z16, Z20, Z24 \
	VMULPD       Z17, Z20, Z25 \
	VMULPD       Z18, Z20, Z26 \
	VMULPD       Z19, Z20, Z27 \
	VADDPD       Z24, c0, K5, c0 \
	VADDPD       Z25, c1, K5, c1 \
	VADDPD       Z26, c2, K5, c2 \
	VADDPD       Z27, c3, K5, c3

// LOADB loads the nc columns of B's row at BX into Z16-Z19.
#define LOADB \
	VMOVUPD.Z (BX), K1, Z16 \
	VMOVUPD.Z 64(BX), K2, Z17 \
	VMOVUPD.Z 128(BX), K3, Z18 \
	VMOVUPD.Z 192(BX), K4, Z19

// func kern4x32(k int, a *float64, ars, aps int, b *float64, ldb int, c *float64, ldc int, nc int)
//
// For rows i < 4 and columns j < nc (1 <= nc <= 32), in p order for
// p < k (k >= 1): if a[i*ars+p*aps] != 0 { c[i*ldc+j] += a[i*ars+p*aps] * b[p*ldb+j] }.
TEXT ·kern4x32(SB), NOSPLIT, $0-72
	MOVQ k+0(FP), DX
	MOVQ a+8(FP), SI
	MOVQ ars+16(FP), R8
	MOVQ aps+24(FP), R10
	MOVQ b+32(FP), BX
	MOVQ ldb+40(FP), R11
	MOVQ c+48(FP), DI
	MOVQ ldc+56(FP), R12
	MOVQ nc+64(FP), CX
	SHLQ $3, R8
	SHLQ $3, R10
	SHLQ $3, R11
	SHLQ $3, R12
	LEAQ (R8)(R8*2), R9 // 3 rows of A
	MASKS
	LEAQ (DI)(R12*1), AX // C's rows 1-3
	LEAQ (DI)(R12*2), CX
	LEAQ (AX)(R12*2), R13
	VPXORQ Z31, Z31, Z31
	LOADC(DI, Z0, Z1, Z2, Z3)
	LOADC(AX, Z4, Z5, Z6, Z7)
	LOADC(CX, Z8, Z9, Z10, Z11)
	LOADC(R13, Z12, Z13, Z14, Z15)

loop4:
	LOADB
	ROW((SI), Z0, Z1, Z2, Z3)
	ROW((SI)(R8*1), Z4, Z5, Z6, Z7)
	ROW((SI)(R8*2), Z8, Z9, Z10, Z11)
	ROW((SI)(R9*1), Z12, Z13, Z14, Z15)
	ADDQ R10, SI
	ADDQ R11, BX
	DECQ DX
	JNZ  loop4

	STOREC(DI, Z0, Z1, Z2, Z3)
	STOREC(AX, Z4, Z5, Z6, Z7)
	STOREC(CX, Z8, Z9, Z10, Z11)
	STOREC(R13, Z12, Z13, Z14, Z15)
	VZEROUPPER
	RET

// func kern1x32(k int, a *float64, aps int, b *float64, ldb int, c *float64, nc int)
//
// kern4x32 for one row: for j < nc, in p order for p < k (k >= 1):
// if a[p*aps] != 0 { c[j] += a[p*aps] * b[p*ldb+j] }.
TEXT ·kern1x32(SB), NOSPLIT, $0-56
	MOVQ k+0(FP), DX
	MOVQ a+8(FP), SI
	MOVQ aps+16(FP), R10
	MOVQ b+24(FP), BX
	MOVQ ldb+32(FP), R11
	MOVQ c+40(FP), DI
	MOVQ nc+48(FP), CX
	SHLQ $3, R10
	SHLQ $3, R11
	MASKS
	VPXORQ Z31, Z31, Z31
	LOADC(DI, Z0, Z1, Z2, Z3)

loop1:
	LOADB
	ROW((SI), Z0, Z1, Z2, Z3)
	ADDQ R10, SI
	ADDQ R11, BX
	DECQ DX
	JNZ  loop1

	STOREC(DI, Z0, Z1, Z2, Z3)
	VZEROUPPER
	RET

// The AVX kernels below do what kern4x32 and kern1x32 do for CPUs
// without AVX-512, on blocks of 2 rows and 16 columns (always 16: the
// caller handles a tail of columns), in the 16 YMM registers. The zero
// skip is a blend: the sum c + a·b is computed, then kept only where
// VCMPPD's mask (a != 0 or NaN) is set, else c stays as it was.

// ROWAVX adds a·B[p] (B[p] in Y8-Y11) to the row c0-c3 unless a, the
// scalar at aaddr, is zero. Uses Y12-Y14; Y15 is zero.
#define ROWAVX(aaddr, c0, c1, c2, c3) \
	VBROADCASTSD aaddr, Y12 \
	VCMPPD       $4, Y15, Y12, Y13 \
	VMULPD       Y8, Y12, Y14 \
	VADDPD       Y14, c0, Y14 \
	VBLENDVPD    Y13, Y14, c0, c0 \
	VMULPD       Y9, Y12, Y14 \
	VADDPD       Y14, c1, Y14 \
	VBLENDVPD    Y13, Y14, c1, c1 \
	VMULPD       Y10, Y12, Y14 \
	VADDPD       Y14, c2, Y14 \
	VBLENDVPD    Y13, Y14, c2, c2 \
	VMULPD       Y11, Y12, Y14 \
	VADDPD       Y14, c3, Y14 \
	VBLENDVPD    Y13, Y14, c3, c3

#define LOADBAVX \
	VMOVUPD (BX), Y8 \
	VMOVUPD 32(BX), Y9 \
	VMOVUPD 64(BX), Y10 \
	VMOVUPD 96(BX), Y11

#define LOADCAVX(r, c0, c1, c2, c3) \
	VMOVUPD (r), c0 \
	VMOVUPD 32(r), c1 \
	VMOVUPD 64(r), c2 \
	VMOVUPD 96(r), c3

#define STORECAVX(r, c0, c1, c2, c3) \
	VMOVUPD c0, (r) \
	VMOVUPD c1, 32(r) \
	VMOVUPD c2, 64(r) \
	VMOVUPD c3, 96(r)

// func kern2x16AVX(k int, a *float64, ars, aps int, b *float64, ldb int, c *float64, ldc int)
//
// For rows i < 2 and columns j < 16, in p order for p < k (k >= 1):
// if a[i*ars+p*aps] != 0 { c[i*ldc+j] += a[i*ars+p*aps] * b[p*ldb+j] }.
TEXT ·kern2x16AVX(SB), NOSPLIT, $0-64
	MOVQ k+0(FP), DX
	MOVQ a+8(FP), SI
	MOVQ ars+16(FP), R8
	MOVQ aps+24(FP), R10
	MOVQ b+32(FP), BX
	MOVQ ldb+40(FP), R11
	MOVQ c+48(FP), DI
	MOVQ ldc+56(FP), R12
	SHLQ $3, R8
	SHLQ $3, R10
	SHLQ $3, R11
	SHLQ $3, R12
	ADDQ DI, R12 // C's row 1
	VXORPD Y15, Y15, Y15
	LOADCAVX(DI, Y0, Y1, Y2, Y3)
	LOADCAVX(R12, Y4, Y5, Y6, Y7)

loop2:
	LOADBAVX
	ROWAVX((SI), Y0, Y1, Y2, Y3)
	ROWAVX((SI)(R8*1), Y4, Y5, Y6, Y7)
	ADDQ R10, SI
	ADDQ R11, BX
	DECQ DX
	JNZ  loop2

	STORECAVX(DI, Y0, Y1, Y2, Y3)
	STORECAVX(R12, Y4, Y5, Y6, Y7)
	VZEROUPPER
	RET

// func kern1x16AVX(k int, a *float64, aps int, b *float64, ldb int, c *float64)
//
// kern2x16AVX for one row: for j < 16, in p order for p < k (k >= 1):
// if a[p*aps] != 0 { c[j] += a[p*aps] * b[p*ldb+j] }.
TEXT ·kern1x16AVX(SB), NOSPLIT, $0-48
	MOVQ k+0(FP), DX
	MOVQ a+8(FP), SI
	MOVQ aps+16(FP), R10
	MOVQ b+24(FP), BX
	MOVQ ldb+32(FP), R11
	MOVQ c+40(FP), DI
	SHLQ $3, R10
	SHLQ $3, R11
	VXORPD Y15, Y15, Y15
	LOADCAVX(DI, Y0, Y1, Y2, Y3)

loop1avx:
	LOADBAVX
	ROWAVX((SI), Y0, Y1, Y2, Y3)
	ADDQ R10, SI
	ADDQ R11, BX
	DECQ DX
	JNZ  loop1avx

	STORECAVX(DI, Y0, Y1, Y2, Y3)
	VZEROUPPER
	RET

// func kern1xNAVX(k int, a *float64, aps int, b *float64, ldb int, c *float64, masks *int64)
//
// kern1x16AVX on the columns j < nc only, nc < 16, for the last columns:
// masks points to 16 int64, -1 for j < nc and 0 after (the sign bits
// VMASKMOVPD reads), which mask every load and store of B and C.
TEXT ·kern1xNAVX(SB), NOSPLIT, $0-56
	MOVQ k+0(FP), DX
	MOVQ a+8(FP), SI
	MOVQ aps+16(FP), R10
	MOVQ b+24(FP), BX
	MOVQ ldb+32(FP), R11
	MOVQ c+40(FP), DI
	MOVQ masks+48(FP), AX
	SHLQ $3, R10
	SHLQ $3, R11
	VMOVDQU (AX), Y4
	VMOVDQU 32(AX), Y5
	VMOVDQU 64(AX), Y6
	VMOVDQU 96(AX), Y7
	VXORPD Y15, Y15, Y15
	VMASKMOVPD (DI), Y4, Y0
	VMASKMOVPD 32(DI), Y5, Y1
	VMASKMOVPD 64(DI), Y6, Y2
	VMASKMOVPD 96(DI), Y7, Y3

loopnavx:
	VMASKMOVPD (BX), Y4, Y8
	VMASKMOVPD 32(BX), Y5, Y9
	VMASKMOVPD 64(BX), Y6, Y10
	VMASKMOVPD 96(BX), Y7, Y11
	ROWAVX((SI), Y0, Y1, Y2, Y3)
	ADDQ R10, SI
	ADDQ R11, BX
	DECQ DX
	JNZ  loopnavx

	VMASKMOVPD Y0, Y4, (DI)
	VMASKMOVPD Y1, Y5, 32(DI)
	VMASKMOVPD Y2, Y6, 64(DI)
	VMASKMOVPD Y3, Y7, 96(DI)
	VZEROUPPER
	RET
