/*
 * The hilfarm reference hypervisor's hypercall ABI, shared by the hypervisor and its guests.
 *
 * A guest runs in USR mode and calls the hypervisor with the SVC instruction; the SVC's
 * immediate (ARM: 24 bits, Thumb: 8 bits) is the hypercall number. Arguments go in r0-r3, the result comes back in r0 (and, for HV_MSG_RECV, the sender's
 * guest id in r1); every other register is preserved. A negative result is one of the HV_E*
 * codes below. A call the hypervisor rejects is never fatal for the guest: it gets an error code,
 * and the hypervisor reports the rejection on the console.
 *
 *   nr  name           r0              r1              r2          result
 *    1  console-write  buffer          length          -           bytes taken (<= 4096)
 *    2  yield          -               -               -           0, when the guest runs again
 *    3  time           -               -               -           timer ticks since boot
 *    4  exit           status          -               -           does not return
 *    5  msg-send       destination id  buffer          length      0 (length <= HV_MSG_MAX)
 *    6  msg-recv       buffer          capacity        -           length; r1 = sender id
 *
 * Buffers are guest virtual addresses and must lie entirely inside the guest's own memory.
 * Console output is line buffered per guest: the hypervisor prints a guest's text as whole lines
 * "[name] text" on the board's UART, on each newline or when a line reaches HV_LINE_MAX bytes.
 * Messages go only along the channels the recipe allows; each guest has a one-message mailbox.
 * At entry a guest has r0 = how many times it has been restarted, r1 = its own guest id.
 */
#ifndef HV_ABI_H
#define HV_ABI_H

#define HV_CONSOLE_WRITE 1
#define HV_YIELD         2
#define HV_TIME          3
#define HV_EXIT          4
#define HV_MSG_SEND      5
#define HV_MSG_RECV      6

#define HV_ENOSYS  (-1)   /* no such hypercall */
#define HV_EFAULT  (-2)   /* a buffer is not entirely inside the caller's memory */
#define HV_EINVAL  (-3)   /* an argument is out of range (length, guest id) */
#define HV_EPERM   (-4)   /* the recipe allows no channel from the caller to that guest */
#define HV_EAGAIN  (-5)   /* the mailbox is empty */
#define HV_EBUSY   (-6)   /* the destination's mailbox is full; yield and retry */
#define HV_ESRCH   (-7)   /* the destination guest has stopped */

#define HV_CONSOLE_WRITE_MAX 4096
#define HV_MSG_MAX  64
#define HV_LINE_MAX 96

#endif
