import random
random.seed(2024)
rows=[]
hdr="lot_id,date,supplier,feed,category,wet_mass[t],moisture[%],Cu[%],Fe[%],S[%],As[%],Sb[%],Bi[%],Pb[%],Zn[%],Ni[%],Sn[%],Se[g/t],Te[g/t],Hg[g/t],Au[g/t],Ag[g/t],Pt[g/t],Pd[g/t],Ta[%],Li[%],Co[%],Mn[%],Nd[%],Pr[%],Dy[%],Tb[%]"
cols=hdr.split(",")[7:]
def j(v,rel=0.06):
  if v>=80: rel=0.002  # scrap grades sit near their nominal Cu; keep the sum under 100%
  return round(v*random.uniform(1-rel,1+rel), 4 if v<1 else 3)
feeds={
 'cu_conc_chalcopyrite':dict(Cu=28,Fe=26,S=30,As=0.08,Sb=0.01,Bi=0.005,Pb=0.3,Zn=0.8,Ni=0.02,Se=200,Te=20,Hg=3,Au=3,Ag=60),
 'cu_conc_complex_as':dict(Cu=26,Fe=24,S=32,As=1.0,Sb=0.15,Bi=0.02,Pb=0.8,Zn=2.0,Hg=20,Au=5,Ag=150),
 'pcb_mixed':dict(Cu=18,Fe=5,Sn=3.5,Pb=1.5,Ni=1.0,Zn=1.0,Sb=0.2,Bi=0.02,Ta=0.05,Au=250,Ag=800,Pd=80,Pt=5),
 'cu_scrap_no1':dict(Cu=99.3),
 'cu_scrap_no2':dict(Cu=96,Sn=0.8,Pb=0.5,Zn=0.8,Fe=0.5,Ni=0.1,Ag=50),
 'cu_scrap_lowgrade':dict(Cu=85,Sn=2,Pb=2,Zn=4,Fe=2,Ni=0.8,Sb=0.1,Ag=200,Au=5),
 'blackmass_nmc622':dict(Li=3.94,Ni=19.98,Co=6.69,Mn=6.23,Cu=2.0),
 'ndfeb_scrap_ev':dict(Nd=22,Pr=6,Dy=3.5,Tb=0.5,Fe=64,Co=1.5),
}
plan=[ # feed, category, supplier, n, mass range (t wet), moisture
 ('cu_conc_chalcopyrite','primary',['Sample Mine A (Chile)','Sample Mine B (Peru)','Sample Mine C (Australia)'],9,(9000,11500),8.5),
 ('cu_conc_complex_as','primary',['Sample Mine D (Peru)'],1,(6000,8000),9.0),
 ('pcb_mixed','post-consumer',['Sample E-Scrap Collector (Japan)','Sample E-Scrap Trader (EU)'],4,(900,1200),1.0),
 ('cu_scrap_no1','pre-consumer',['Customer Alpha (wire mill scrap)','Customer Beta (stamping scrap)'],4,(700,900),0.2),
 ('cu_scrap_no2','post-consumer',['Sample Scrap Yard (Japan)'],3,(900,1100),0.5),
 ('cu_scrap_lowgrade','post-consumer',['Sample Scrap Yard (Japan)','Sample Scrap Trader (Asia)'],2,(700,900),1.0),
 ('blackmass_nmc622','post-consumer',['Sample Battery Recycler (Japan)'],2,(40,60),2.0),
 ('ndfeb_scrap_ev','post-consumer',['Sample Motor Dismantler (Japan)'],2,(60,90),0.5),
]
n=0
for feed,cat,sups,k,(lo,hi),moist in plan:
  for i in range(k):
    n+=1
    day=random.randint(1,30)
    comp=feeds[feed]
    vals=[]
    for c in cols:
      el=c.split('[')[0]
      vals.append(str(j(comp[el])) if el in comp else "")
    rows.append((f"2024-04-{day:02d}", n, sups[i%len(sups)], feed, cat, round(random.uniform(lo,hi),1), round(moist*random.uniform(0.9,1.1),2), vals))
rows.sort()
out=["# Sample period April 2024 (FY2024 month 1): SYNTHETIC lots for demonstration, generated around the",
     "# catalogue compositions in metallurgy.yaml; supplier names are placeholders, not real companies.",
     "# documents: SYNTHETIC weighbridge-ticket, assay-certificate and (recycled feed) declaration-of-origin references.",hdr+",documents"]
def documents(lot_id,sequence,category):
  # SYNTHETIC references: weighbridge ticket, assay certificate, and for recycled feed the declaration of origin.
  refs=[f"WB-202404-{sequence:04d}",f"ASSAY-{lot_id}"]+([f"DECL-{lot_id}"] if category!='primary' else [])
  return ";".join(refs)
for k,(d,lid,s,f,c,m,mo,v) in enumerate(rows):
  lot_id=f"L24-04-{k+1:03d}"
  out.append(",".join([lot_id,d,s,f,c,str(m),str(mo)]+v+[documents(lot_id,k+1,c)]))
open(__import__('os').path.join(__import__('os').path.dirname(__file__),'../Sources/CirculaCore/Resources/sample-lots.csv'),'w').write("\n".join(out)+"\n")
# check recycled cu share
import csv
cu=rec=0
for line in out[4:]:
  p=line.split(','); 
  if p[7]=='' : continue
  m=float(p[5])*(1-float(p[6])/100)*float(p[7])/100
  cu+=m; rec+= m if p[4]!='primary' else 0
print(cu,rec,rec/cu)
