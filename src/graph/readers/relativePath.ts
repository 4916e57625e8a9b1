/** Pure: an absolute Graph URL (an @odata.nextLink) as a path relative to its version root, for GraphClient calls. */
export function relativeToVersionRoot(url: string): string {
  const m = /^https?:\/\/[^/]+\/(?:v1\.0|beta)(\/.*)$/i.exec(url);
  return m ? m[1] : url;
}
