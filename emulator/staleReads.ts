/** Stale reads (fault "stale"): for a while after a write, Describe* answers from the records as they
 *  were before it. A modified resource shows its old attributes, tags or rules; a deleted one is
 *  still listed; a created one is absent. Only reads see it: writes act on the real state, as on a
 *  cloud whose read replicas lag.
 *
 *  The write's before-image is a copy of the account's regions taken just before the handler (only
 *  when a stale fault may fire); afterwards the records that differ become overlays until their
 *  emulated expiry. A read swaps the overlays in around the handler call, synchronously, so no
 *  other request ever sees them. */
import type { AccountState, AnyRecord, RegionCollection, RegionState } from "./state";
import { KINDS, RESOURCE_KINDS } from "./kinds";

interface Overlay {
  accessKeyId: string;
  regionId: string;
  collection: RegionCollection;
  id: string;
  /** The record as reads show it; undefined: absent. */
  record: AnyRecord | undefined;
  until: number;
}

type Regions = Record<string, RegionState>;
const COLLECTIONS: RegionCollection[] = RESOURCE_KINDS.map((k) => KINDS[k].collection);

export class StaleReads {
  private overlays: Overlay[] = [];

  /** The before-image of a write: a deep copy of the account's regions. */
  capture(account: AccountState): Regions {
    return structuredClone(account.regions);
  }

  /** After the write: every record that differs from the before-image reads as before until `until`. */
  record(account: AccountState, before: Regions, until: number): number {
    let changed = 0;
    for (const [regionId, reg] of Object.entries(account.regions)) {
      const old = before[regionId];
      for (const collection of COLLECTIONS) {
        const now = reg[collection] as Record<string, AnyRecord>;
        const then = (old?.[collection] ?? {}) as Record<string, AnyRecord>;
        for (const id of new Set([...Object.keys(now), ...Object.keys(then)])) {
          if (JSON.stringify(now[id]) === JSON.stringify(then[id])) continue;
          // A record already stale keeps its older image (the oldest write not yet visible).
          if (this.overlays.some((o) => o.accessKeyId === account.accessKeyId && o.regionId === regionId && o.collection === collection && o.id === id)) continue;
          this.overlays.push({ accessKeyId: account.accessKeyId, regionId, collection, id, record: then[id], until });
          changed++;
        }
      }
    }
    return changed;
  }

  /** Runs `read` with the account's live overlays in place, then puts the real records back. */
  during<T>(account: AccountState, now: number, read: () => T): T {
    if (this.overlays.length) this.overlays = this.overlays.filter((o) => o.until > now);
    const mine = this.overlays.filter((o) => o.accessKeyId === account.accessKeyId && account.regions[o.regionId]);
    if (!mine.length) return read();
    const real = mine.map((o) => (account.regions[o.regionId][o.collection] as Record<string, AnyRecord>)[o.id]);
    const put = (o: Overlay, rec: AnyRecord | undefined) => {
      const coll = account.regions[o.regionId][o.collection] as Record<string, AnyRecord>;
      if (rec === undefined) delete coll[o.id];
      else coll[o.id] = rec;
    };
    mine.forEach((o) => put(o, o.record));
    try {
      return read();
    } finally {
      mine.forEach((o, i) => put(o, real[i]));
    }
  }

  clear(): void {
    this.overlays = [];
  }
}
