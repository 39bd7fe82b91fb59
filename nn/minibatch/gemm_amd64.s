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
