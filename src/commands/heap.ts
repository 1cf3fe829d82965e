// How fast the command's heap grows: a trade between memory and the time spent collecting garbage. It applies to the
// `leaflet` process and its worker threads only (the library leaves its host's heap alone).
import v8 from 'node:v8';

/**
 * A build of thousands of articles makes garbage faster than V8's default heap growth collects it: left alone, the
 * heap grows to several times what is alive (measured: 10,000 articles, email and web, peaked at 1,064 MB with about
 * 200 MB alive). Growing it by a fifth at a time keeps the peak near what is alive (about 550-600 MB), for about a
 * tenth more time. This is where every command starts.
 */
const CAREFUL_PERCENT = 20;

/**
 * A build of fewer articles holds less, and can let its heap grow by half at a time. Measured with 1,000 articles,
 * email and web, written to a RAM disk, five runs of each alternating: 0.2-0.8 s less CPU time and up to 0.3 s less
 * wall time (8.05-8.68 s against 8.20-8.98 s), with a peak of 330-373 MB instead of 313-347 MB. The same growth took
 * 10,000 articles to 645 MB.
 */
const ROOMY_PERCENT = 50;

/** Up to this many articles, a build's heap grows by half at a time. */
const ROOMY_UP_TO_ARTICLES = 5000;

/** Set the heap's growth for a command starting. */
export function startHeap(): void {
  v8.setFlagsFromString(`--heap-growing-percent=${CAREFUL_PERCENT}`);
}

/** Set the heap's growth for a build of `articles` articles (told before the build reads and renders them). */
export function heapForBuild(articles: number): void {
  v8.setFlagsFromString(`--heap-growing-percent=${articles <= ROOMY_UP_TO_ARTICLES ? ROOMY_PERCENT : CAREFUL_PERCENT}`);
}
