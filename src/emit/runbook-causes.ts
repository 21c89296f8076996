// The runbook's "growth shape and likely cause" table, per runtime: what a leak looks like in Python, Node.js,
// Go or the JVM, and a language-neutral table for a service whose runtime its metrics do not show.
import type { Runtime } from '../model/runtime.js';

export interface CauseRow {
  shape: string;
  cause: string;
  confirm: string;
}

const JUMP: CauseRow = { shape: 'One sharp jump, then flat', cause: 'A single large load (a whole file or an unpaginated query read into memory), not a leak', confirm: 'The request logs at the time of the jump' };
const TRAFFIC = (resources: string): CauseRow => ({ shape: 'Growth that follows traffic and stops when traffic stops', cause: `Per-connection or per-session resources never released: ${resources}`, confirm: "The snapshot's largest allocation sites; open connections" });

export const CAUSE_TABLES: Record<Runtime | 'unknown', { label: string; rows: CauseRow[] }> = {
  python: {
    label: 'Python',
    rows: [
      { shape: 'A steady climb that never comes back down, whatever the traffic', cause: 'An unbounded cache or a module-level list or dict that only gains entries', confirm: 'Object counts: one type grows without pause' },
      { shape: 'Steps up after certain requests, flat between them', cause: 'One endpoint keeps something per request (appends to a global, registers a callback, stores the request)', confirm: 'Top endpoints by memory retained' },
      { shape: 'A sawtooth whose lowest points rise over time', cause: 'Objects survive collection: reference cycles, or references held by long-lived objects', confirm: 'GC by generation: more collections and longer pauses in the oldest generation' },
      TRAFFIC('database sessions, HTTP clients, background tasks'),
      JUMP,
      { shape: 'Flat memory, but GC pauses getting longer', cause: 'Many small live objects or heavy allocation churn', confirm: 'GC pauses by generation and object counts' },
    ],
  },
  node: {
    label: 'Node.js',
    rows: [
      { shape: 'Heap used climbs steadily and never comes back down', cause: 'A module-level Map, array or cache that only gains entries; closures kept alive by it', confirm: 'Two heap snapshots a few minutes apart (--inspect, or heapdump): the constructor whose count grew' },
      { shape: 'Steps up after certain requests, flat between them', cause: 'Event listeners added per request and never removed, or the request kept in a long-lived structure', confirm: 'MaxListenersExceededWarning in the logs; the heap snapshot\'s retainers of the request objects' },
      { shape: 'RSS grows while heap used stays flat', cause: 'Memory outside the V8 heap: Buffers, native addons, or allocator fragmentation', confirm: 'nodejs_external_memory_bytes against nodejs_heap_size_used_bytes' },
      TRAFFIC('sockets, database pools, timers (setInterval) never cleared'),
      JUMP,
      { shape: 'GC pauses (major) getting longer, event-loop lag rising', cause: 'A large old generation: many long-lived objects', confirm: 'nodejs_gc_duration_seconds by kind; event-loop lag' },
    ],
  },
  go: {
    label: 'Go',
    rows: [
      { shape: 'Heap in use climbs steadily and never comes back down', cause: 'A map or slice that only grows (a cache without eviction), or slices that pin large backing arrays', confirm: 'pprof heap profile (inuse_space), two a few minutes apart' },
      { shape: 'Goroutine count climbs with the memory', cause: 'Goroutines blocked forever (on a channel nobody closes, or a request without a timeout), each holding its stack and what it references', confirm: 'go_goroutines; pprof goroutine profile' },
      { shape: 'RSS stays high after the heap shrank', cause: 'The runtime keeps freed memory until it returns it to the OS; not a leak', confirm: 'go_memstats_heap_released_bytes rising; set GOMEMLIMIT to bound it' },
      TRAFFIC('response bodies not closed, tickers not stopped, connections not returned to the pool'),
      JUMP,
      { shape: 'GC runs more often and takes more CPU', cause: 'A growing live heap or heavy allocation churn', confirm: 'go_gc_duration_seconds; pprof allocs profile' },
    ],
  },
  jvm: {
    label: 'JVM',
    rows: [
      { shape: 'Old generation used climbs after every full GC', cause: 'A static collection or cache that only gains entries; listeners or ThreadLocals never removed', confirm: 'Two heap dumps (jcmd GC.heap_dump) compared: the dominator that grew' },
      { shape: 'Steps up after certain requests, flat between them', cause: 'One endpoint stores something per request in a long-lived object (session, singleton)', confirm: "The heap dump's retainers of the request's objects" },
      { shape: 'RSS grows while the heap stays within -Xmx', cause: 'Memory outside the heap: metaspace (class loaders), direct buffers, thread stacks', confirm: 'jvm_memory_used_bytes by area and pool; Native Memory Tracking' },
      TRAFFIC('connections, streams and executors never closed'),
      JUMP,
      { shape: 'GC pauses getting longer and more frequent', cause: 'The old generation fills with live objects; the collector can reclaim less each time', confirm: 'jvm_gc_collection_seconds by gc; the old-generation pool after each collection' },
    ],
  },
  unknown: {
    label: 'any runtime',
    rows: [
      { shape: 'A steady climb that never comes back down, whatever the traffic', cause: 'A cache without eviction, or a global collection that only gains entries', confirm: "Two heap profiles or dumps a few minutes apart, with the runtime's own tool" },
      { shape: 'Steps up after certain requests, flat between them', cause: 'One code path keeps something per request in a long-lived structure', confirm: 'The requests logged at each step' },
      { shape: 'A sawtooth whose lowest points rise over time', cause: 'Objects survive collection because something long-lived references them', confirm: "The floor in the dashboard's growth panels; a heap profile" },
      TRAFFIC('connections, sessions, background tasks'),
      JUMP,
    ],
  },
};
