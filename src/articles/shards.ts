// CI shards: `build --shard 2/4` builds a stable quarter of the articles. Each article belongs to one shard by a hash
// of its slug (of its file, when it could not be read), so that adding an article never moves the others.
import { createHash } from 'node:crypto';

/** One shard of a build split `count` ways: `index` is 1 to `count`. */
export interface Shard {
  index: number;
  count: number;
}

/** The shard (1 to `count`) that `key` belongs to. */
export function shardOf(key: string, count: number): number {
  const hash = createHash('sha256').update(key).digest();
  return (hash.readUInt32BE(0) % count) + 1;
}

/** Whether `key` belongs to `shard` (everything belongs to a build that is not split). */
export function inShard(key: string, shard: Shard | undefined): boolean {
  return !shard || shardOf(key, shard.count) === shard.index;
}
