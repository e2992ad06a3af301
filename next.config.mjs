/** @type {import('next').NextConfig} */
const nextConfig = {
  serverExternalPackages: ['better-sqlite3', 'socket.io'],
  experimental: { serverActions: { bodySizeLimit: '4mb' } },
  poweredByHeader: false,
};
export default nextConfig;
