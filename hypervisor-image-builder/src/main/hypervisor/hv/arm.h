/* ARMv7-A processor state the hypervisor touches: modes, PSR bits and CP15 accessors. */
#ifndef ARM_H
#define ARM_H

#include <stdint.h>

#define PSR_MODE_MASK 0x1fu
#define PSR_MODE_USR  0x10u
#define PSR_MODE_FIQ  0x11u
#define PSR_MODE_IRQ  0x12u
#define PSR_MODE_SVC  0x13u
#define PSR_MODE_ABT  0x17u
#define PSR_MODE_UND  0x1bu
#define PSR_MODE_SYS  0x1fu
#define PSR_T         (1u << 5)
#define PSR_F         (1u << 6)
#define PSR_I         (1u << 7)
#define PSR_A         (1u << 8)

/* SCTLR bits this hypervisor sets or clears. */
#define SCTLR_M   (1u << 0)   /* MMU */
#define SCTLR_A   (1u << 1)   /* alignment checking */
#define SCTLR_C   (1u << 2)   /* data cache */
#define SCTLR_Z   (1u << 11)  /* branch prediction */
#define SCTLR_I   (1u << 12)  /* instruction cache */
#define SCTLR_V   (1u << 13)  /* high vectors */
#define SCTLR_TRE (1u << 28)  /* TEX remap */
#define SCTLR_AFE (1u << 29)  /* access flag */
#define SCTLR_TE  (1u << 30)  /* exceptions in Thumb */

#define CP15_READ(op1, crn, crm, op2) ({ uint32_t v_; \
    __asm__ volatile("mrc p15, " #op1 ", %0, " #crn ", " #crm ", " #op2 : "=r"(v_)); v_; })
#define CP15_WRITE(op1, crn, crm, op2, v) \
    __asm__ volatile("mcr p15, " #op1 ", %0, " #crn ", " #crm ", " #op2 :: "r"((uint32_t)(v)) : "memory")

#define read_sctlr()       CP15_READ(0, c1, c0, 0)
#define write_sctlr(v)     CP15_WRITE(0, c1, c0, 0, v)
#define write_ttbr0(v)     CP15_WRITE(0, c2, c0, 0, v)
#define write_ttbr1(v)     CP15_WRITE(0, c2, c0, 1, v)
#define write_ttbcr(v)     CP15_WRITE(0, c2, c0, 2, v)
#define write_dacr(v)      CP15_WRITE(0, c3, c0, 0, v)
#define read_dfsr()        CP15_READ(0, c5, c0, 0)
#define read_ifsr()        CP15_READ(0, c5, c0, 1)
#define read_dfar()        CP15_READ(0, c6, c0, 0)
#define read_ifar()        CP15_READ(0, c6, c0, 2)
#define write_vbar(v)      CP15_WRITE(0, c12, c0, 0, v)
#define write_contextidr(v) CP15_WRITE(0, c13, c0, 1, v)
#define tlbiall()          CP15_WRITE(0, c8, c7, 0, 0)
#define iciallu()          CP15_WRITE(0, c7, c5, 0, 0)
#define bpiall()           CP15_WRITE(0, c7, c5, 6, 0)

static inline void dsb(void) { __asm__ volatile("dsb" ::: "memory"); }
static inline void isb(void) { __asm__ volatile("isb" ::: "memory"); }

static inline void mmio_write32(uint32_t addr, uint32_t value)
{
    *(volatile uint32_t *)addr = value;
}

static inline uint32_t mmio_read32(uint32_t addr)
{
    return *(volatile uint32_t *)addr;
}

#endif
