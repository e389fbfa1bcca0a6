/** Runs `work` over `list` with at most `jobs` at once; results keep the list's order. */
export async function pool<T, R>({ list, jobs, work }: { list: readonly T[]; jobs: number; work: (item: T, index: number) => Promise<R> }): Promise<R[]> {
  const results: R[] = new Array(list.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < list.length) {
      const i = next++;
      results[i] = await work(list[i] as T, i);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(jobs, list.length)) }, worker));
  return results;
}
