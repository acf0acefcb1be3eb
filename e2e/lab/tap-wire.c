/*
 * tap-wire: a cable with delay and jitter between two network namespaces, for the network lab (e2e/lab).
 *
 *   tap-wire NAME_A NAME_B DELAY_MS JITTER_MS
 *
 * Creates two TAP devices in the caller's network namespace and copies every Ethernet frame that one of them
 * sends to the other, DELAY_MS later, plus a uniform random offset in [-JITTER_MS, +JITTER_MS] per frame (never
 * below zero). Frames are never reordered: a frame whose draw would overtake the previous one waits for it, as
 * packets queued behind each other on a real link do. The lab moves one end into another namespace afterwards;
 * the devices keep working there.
 *
 * Why a C program: this kernel has no netem qdisc, and opening a TAP device needs the TUNSETIFF ioctl, which Node
 * cannot make. The lab compiles this file with the machine's cc into a temporary directory when it starts.
 *
 * Prints "ready" once both devices exist. Exits, and the kernel removes both devices, when its standard input
 * closes: the lab holds that pipe, so the devices go away with the lab even if the lab is killed.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#define MAX_FRAME 65536
/* Frames waiting per direction; past it new frames are dropped (a full queue). */
#define QUEUE_CAPACITY 8192

struct frame {
  int64_t due_ns;
  size_t length;
  unsigned char *bytes;
};

struct direction {
  int from;
  int to;
  struct frame queue[QUEUE_CAPACITY];
  size_t head;
  size_t count;
  int64_t last_due_ns;
};

static int64_t delay_ns;
static int64_t jitter_ns;
static uint64_t rng_state;

static int64_t now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

/* xorshift64*: enough randomness for jitter, and no libc state to worry about. */
static double random_unit(void) {
  rng_state ^= rng_state >> 12;
  rng_state ^= rng_state << 25;
  rng_state ^= rng_state >> 27;
  return (double)((rng_state * 2685821657736338717ULL) >> 11) / (double)(1ULL << 53);
}

static int open_tap(const char *name) {
  int fd = open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) {
    perror("open /dev/net/tun");
    exit(1);
  }
  struct ifreq request;
  memset(&request, 0, sizeof request);
  request.ifr_flags = IFF_TAP | IFF_NO_PI;
  strncpy(request.ifr_name, name, IFNAMSIZ - 1);
  if (ioctl(fd, TUNSETIFF, &request) < 0) {
    fprintf(stderr, "TUNSETIFF %s: %s\n", name, strerror(errno));
    exit(1);
  }
  return fd;
}

static void enqueue(struct direction *d, const unsigned char *bytes, size_t length, int64_t now) {
  if (d->count == QUEUE_CAPACITY) return;
  int64_t offset = delay_ns;
  if (jitter_ns > 0) offset += (int64_t)((2 * random_unit() - 1) * (double)jitter_ns);
  int64_t due = now + (offset > 0 ? offset : 0);
  if (due < d->last_due_ns) due = d->last_due_ns;
  d->last_due_ns = due;
  struct frame *slot = &d->queue[(d->head + d->count) % QUEUE_CAPACITY];
  slot->bytes = malloc(length);
  if (slot->bytes == NULL) return;
  memcpy(slot->bytes, bytes, length);
  slot->length = length;
  slot->due_ns = due;
  d->count++;
}

static void read_all(struct direction *d, unsigned char *buffer) {
  for (;;) {
    ssize_t n = read(d->from, buffer, MAX_FRAME);
    if (n <= 0) return;
    enqueue(d, buffer, (size_t)n, now_ns());
  }
}

static void deliver_due(struct direction *d, int64_t now) {
  while (d->count > 0 && d->queue[d->head].due_ns <= now) {
    struct frame *f = &d->queue[d->head];
    /* A write fails only while the far device is down: the frame is lost, as on an unplugged cable. */
    ssize_t written = write(d->to, f->bytes, f->length);
    (void)written;
    free(f->bytes);
    d->head = (d->head + 1) % QUEUE_CAPACITY;
    d->count--;
  }
}

int main(int argc, char **argv) {
  if (argc != 5) {
    fprintf(stderr, "usage: %s NAME_A NAME_B DELAY_MS JITTER_MS\n", argv[0]);
    return 2;
  }
  delay_ns = (int64_t)(atof(argv[3]) * 1e6);
  jitter_ns = (int64_t)(atof(argv[4]) * 1e6);
  rng_state = (uint64_t)now_ns() | 1;

  static struct direction directions[2];
  int a = open_tap(argv[1]);
  int b = open_tap(argv[2]);
  directions[0].from = a;
  directions[0].to = b;
  directions[1].from = b;
  directions[1].to = a;
  printf("ready\n");
  fflush(stdout);

  static unsigned char buffer[MAX_FRAME];
  struct pollfd fds[3] = {{a, POLLIN, 0}, {b, POLLIN, 0}, {STDIN_FILENO, POLLIN, 0}};
  for (;;) {
    int64_t now = now_ns();
    int64_t next = -1;
    for (int i = 0; i < 2; i++) {
      struct direction *d = &directions[i];
      if (d->count > 0 && (next < 0 || d->queue[d->head].due_ns < next)) next = d->queue[d->head].due_ns;
    }
    struct timespec wait = {0, 0};
    if (next > now) {
      wait.tv_sec = (next - now) / 1000000000;
      wait.tv_nsec = (next - now) % 1000000000;
    }
    int ready = ppoll(fds, 3, next < 0 ? NULL : &wait, NULL);
    if (ready < 0 && errno != EINTR) {
      perror("ppoll");
      return 1;
    }
    if (fds[2].revents != 0) {
      char discard[256];
      if (read(STDIN_FILENO, discard, sizeof discard) <= 0) return 0;
    }
    if (fds[0].revents & POLLIN) read_all(&directions[0], buffer);
    if (fds[1].revents & POLLIN) read_all(&directions[1], buffer);
    now = now_ns();
    deliver_due(&directions[0], now);
    deliver_due(&directions[1], now);
  }
}
